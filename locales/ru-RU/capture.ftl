# capture-frame — hosted payout-account capture page (ru-RU).

## Страница

page-title = Добавление счёта для выплат
loading = Загрузка защищённой формы…
secure-note = Ваши данные шифруются и передаются по защищённому каналу.
method-legend = Как вы хотите получать выплаты?
method-debit = Дебетовая карта
method-ach = Банковский счёт

## Поля дебетовой карты

card-number-label = Номер карты
card-brand = Платёжная система: { $brand }
card-expiry-label = Срок действия
card-expiry-hint = MM/YY (месяц/год)
card-name-label = Имя владельца карты

## Поля банковского счёта

routing-label = Маршрутный номер банка (routing number)
routing-hint = 9 цифр, в левом нижнем углу чека
account-label = Номер счёта
account-confirm-label = Подтвердите номер счёта
account-type-legend = Тип счёта
account-type-checking = Текущий счёт
account-type-savings = Сберегательный счёт
holder-name-label = Имя владельца счёта

## Общие поля и действия

postal-code-label = Почтовый индекс (ZIP)
submit = Добавить счёт
submitting = Проверяем ваш счёт…
cancel = Отмена
cancel-confirm-title = Отменить добавление счёта?
cancel-confirm-body = Продолжить по этой ссылке будет невозможно.
cancel-confirm-yes = Да, отменить
cancel-confirm-no = Нет, продолжить

## Ошибки проверки

error-required = Это поле обязательно для заполнения.
error-card-length = Введите полный номер карты (от 12 до 19 цифр).
error-card-checksum = Недействительный номер карты. Проверьте, нет ли опечаток.
error-card-brand = Мы принимаем дебетовые карты Visa, Mastercard, American Express и Discover.
error-expiry-format = Введите дату в формате MM/YY (месяц/год).
error-expiry-past = Срок действия карты истёк.
error-routing-length = Введите маршрутный номер из 9 цифр.
error-routing-checksum = Недействительный маршрутный номер. Проверьте, нет ли опечаток.
error-account-number = Введите номер счёта длиной от 4 до 17 цифр.
error-account-mismatch = Номера счетов не совпадают.
error-postal-code = Введите почтовый индекс (ZIP) из 5 цифр или в формате ZIP+4.
error-name = Введите имя так, как оно указано в данных счёта.
error-summary =
    { $count ->
        [one] В форме { $count } ошибка.
        [few] В форме { $count } ошибки.
        [many] В форме { $count } ошибок.
       *[other] В форме { $count } ошибки.
    }

## Результаты

success-title = Счёт добавлен
success-card = Ваша карта, номер которой оканчивается на { $last4 }, готова к получению выплат.
success-bank = Ваш банковский счёт, номер которого оканчивается на { $last4 }, готов к получению выплат.
review-title = Мы проверяем ваш счёт
review-body = Ваш счёт, оканчивающийся на { $last4 }, подтверждён. Отправитель сейчас его проверяет — обычно это занимает несколько секунд. Не закрывайте это окно.
stopped-title = Этот счёт не принят
stopped-body = Отправитель не принял этот счёт, и он не был сохранён. Это окно можно закрыть.
verification-failed-title = Не удалось подтвердить этот счёт
verification-failed-body = Имя или почтовый индекс не совпадают с данными, которые есть у отправителя.
attempts-remaining =
    { $attempts ->
        [one] У вас осталась { $attempts } попытка.
        [few] У вас осталось { $attempts } попытки.
        [many] У вас осталось { $attempts } попыток.
       *[other] У вас осталось { $attempts } попытки.
    }
try-again = Повторить попытку
max-attempts-title = Слишком много попыток
max-attempts-body = В целях безопасности сеанс завершён. Чтобы начать заново, свяжитесь с отправителем.
terminal-failure-title = Не удалось добавить этот счёт
terminal-failure-body = На этот счёт нельзя получать выплаты. За помощью обратитесь к отправителю.
canceled-title = Отменено
canceled-body = Вы не добавили счёт. Это окно можно закрыть.
expired-title = Срок действия ссылки истёк
expired-body = В целях безопасности ссылка действует лишь короткое время. Запросите новую ссылку у отправителя.
expired-body-embedded = В целях безопасности эту форму можно открыть лишь на короткое время. Чтобы начать заново, обновите эту страницу.
bound-title = Открыто в другом браузере
bound-body = Этот сеанс уже открыт в другом браузере или на другом устройстве. Продолжите там или запросите новую ссылку у отправителя.
not-mountable-title = Сеанс завершён
not-mountable-body = Этот сеанс больше нельзя использовать. Если вам всё ещё нужно добавить счёт, свяжитесь с отправителем.
network-error = Не удалось подключиться к серверу. Проверьте подключение к интернету и повторите попытку.
return-button = Вернуться на { $host }
