# capture-frame — hosted payout-account capture page (ru-RU).

## Страница

page-title = Добавление счета для выплат
loading = Загрузка защищенной формы…
secure-note = Ваши данные шифруются и передаются по защищенному каналу.
method-legend = Как Вы хотите получать выплаты?
method-debit = Дебетовая карта
method-ach = Банковский счет

## Поля дебетовой карты

card-number-label = Номер карты
card-brand = Платежная система: { $brand }
card-expiry-label = Срок действия
card-expiry-hint = ММ/ГГ
card-name-label = Имя владельца карты

## Поля банковского счета

routing-label = Маршрутный номер банка
routing-hint = 9 цифр, в левом нижнем углу чека
account-label = Номер счета
account-confirm-label = Подтвердите номер счета
account-type-legend = Тип счета
account-type-checking = Текущий счет
account-type-savings = Сберегательный счет
holder-name-label = Имя владельца счета

## Общие поля и действия

postal-code-label = Почтовый индекс (ZIP)
submit = Добавить счет
submitting = Проверяем Ваш счет…
cancel = Отмена
cancel-confirm-title = Отменить добавление счета?
cancel-confirm-body = Продолжить по этой ссылке будет невозможно.
cancel-confirm-yes = Да, отменить
cancel-confirm-no = Нет, продолжить

## Ошибки проверки

error-required = Это поле обязательно для заполнения.
error-card-length = Введите полный номер карты (от 12 до 19 цифр).
error-card-checksum = Недействительный номер карты. Проверьте, нет ли опечаток.
error-card-brand = Мы принимаем дебетовые карты Visa, Mastercard, American Express и Discover.
error-expiry-format = Введите дату в формате ММ/ГГ.
error-expiry-past = Срок действия карты истек.
error-routing-length = Введите маршрутный номер из 9 цифр.
error-routing-checksum = Недействительный маршрутный номер. Проверьте, нет ли опечаток.
error-account-number = Введите номер счета длиной от 4 до 17 цифр.
error-account-mismatch = Номера счетов не совпадают.
error-postal-code = Введите почтовый индекс (ZIP) из 5 цифр или в формате ZIP+4.
error-name = Введите имя так, как оно указано в данных счета.
error-summary =
    { $count ->
        [one] В форме { $count } ошибка.
        [few] В форме { $count } ошибки.
        [many] В форме { $count } ошибок.
       *[other] В форме { $count } ошибки.
    }

## Результаты

success-title = Счет добавлен
success-card = Ваша карта, номер которой оканчивается на { $last4 }, готова к получению выплат.
success-bank = Ваш банковский счет, номер которого оканчивается на { $last4 }, готов к получению выплат.
verification-failed-title = Не удалось подтвердить этот счет
verification-failed-body = Имя или почтовый индекс не совпадают с данными, которые есть у отправителя.
attempts-remaining =
    { $attempts ->
        [one] У Вас осталась { $attempts } попытка.
        [few] У Вас осталось { $attempts } попытки.
        [many] У Вас осталось { $attempts } попыток.
       *[other] У Вас осталось { $attempts } попытки.
    }
try-again = Повторить попытку
max-attempts-title = Слишком много попыток
max-attempts-body = В целях безопасности сеанс завершен. Чтобы начать заново, свяжитесь с отправителем.
terminal-failure-title = Не удалось добавить этот счет
terminal-failure-body = На этот счет нельзя получать выплаты. За помощью обратитесь к отправителю.
canceled-title = Отменено
canceled-body = Вы не добавили счет. Это окно можно закрыть.
expired-title = Срок действия ссылки истек
expired-body = В целях безопасности ссылка действует лишь короткое время. Запросите новую ссылку у отправителя.
bound-title = Открыто в другом браузере
bound-body = Этот сеанс уже открыт в другом браузере или на другом устройстве. Продолжите там или запросите новую ссылку у отправителя.
not-mountable-title = Сеанс завершен
not-mountable-body = Этот сеанс больше нельзя использовать. Если Вам все еще нужно добавить счет, свяжитесь с отправителем.
network-error = Не удалось подключиться к серверу. Проверьте подключение к интернету и повторите попытку.
return-button = Вернуться на { $host }
