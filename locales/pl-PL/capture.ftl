# capture-frame — hosted payout-account capture page (pl-PL).

## Strona

page-title = Dodawanie konta do wypłat
loading = Ładowanie bezpiecznego formularza…
secure-note = Dane są szyfrowane i przesyłane w bezpieczny sposób.
method-legend = W jaki sposób mają być przekazywane wypłaty?
method-debit = Karta debetowa
method-ach = Rachunek bankowy

## Pola karty debetowej

card-number-label = Numer karty
card-brand = Organizacja płatnicza: { $brand }
card-expiry-label = Data ważności
card-expiry-hint = MM/YY (miesiąc/rok)
card-name-label = Imię i nazwisko na karcie

## Pola rachunku bankowego

routing-label = Numer rozliczeniowy banku (routing number)
routing-hint = 9 cyfr, w lewym dolnym rogu czeku
account-label = Numer rachunku
account-confirm-label = Potwierdzenie numeru rachunku
account-type-legend = Rodzaj rachunku
account-type-checking = Rachunek bieżący
account-type-savings = Rachunek oszczędnościowy
holder-name-label = Imię i nazwisko posiadacza rachunku

## Pola wspólne i działania

postal-code-label = Kod pocztowy (ZIP)
submit = Dodaj konto
submitting = Weryfikowanie konta…
cancel = Anuluj
cancel-confirm-title = Anulować dodawanie konta?
cancel-confirm-body = Kontynuowanie przy użyciu tego linku nie będzie już możliwe.
cancel-confirm-yes = Tak, anuluj
cancel-confirm-no = Nie, kontynuuj

## Błędy walidacji

error-required = To pole jest wymagane.
error-card-length = Prosimy wpisać pełny numer karty (od 12 do 19 cyfr).
error-card-checksum = Ten numer karty jest nieprawidłowy. Prosimy sprawdzić, czy nie zawiera literówek.
error-card-brand = Akceptujemy karty debetowe Visa, Mastercard, American Express i Discover.
error-expiry-format = Prosimy wpisać datę w formacie MM/YY (miesiąc/rok).
error-expiry-past = Ta karta straciła ważność.
error-routing-length = Prosimy wpisać 9-cyfrowy numer rozliczeniowy.
error-routing-checksum = Ten numer rozliczeniowy jest nieprawidłowy. Prosimy sprawdzić, czy nie zawiera literówek.
error-account-number = Prosimy wpisać numer rachunku składający się z 4–17 cyfr.
error-account-mismatch = Numery rachunków nie są zgodne.
error-postal-code = Prosimy wpisać 5-cyfrowy kod pocztowy (ZIP) lub kod w formacie ZIP+4.
error-name = Prosimy wpisać imię i nazwisko (lub nazwę) w brzmieniu zgodnym z danymi rachunku.
error-summary =
    { $count ->
        [one] W formularzu jest { $count } błąd.
        [few] W formularzu są { $count } błędy.
        [many] W formularzu jest { $count } błędów.
       *[other] W formularzu jest { $count } błędu.
    }

## Wyniki

success-title = Konto zostało dodane
success-card = Karta o numerze kończącym się na { $last4 } jest gotowa do przyjmowania wypłat.
success-bank = Rachunek bankowy o numerze kończącym się na { $last4 } jest gotowy do przyjmowania wypłat.
review-title = Sprawdzamy Twoje konto
review-body = Twoje konto kończące się na { $last4 } zostało zweryfikowane. Nadawca je teraz sprawdza; zwykle trwa to kilka sekund. Prosimy nie zamykać tego okna.
stopped-title = To konto nie zostało zaakceptowane
stopped-body = Nadawca nie zaakceptował tego konta i nie zostało ono zapisane. Możesz zamknąć to okno.
verification-failed-title = Nie udało się zweryfikować tego konta
verification-failed-body = Imię i nazwisko lub kod pocztowy nie zgadzają się z danymi, którymi dysponuje nadawca.
attempts-remaining =
    { $attempts ->
        [one] Pozostała { $attempts } próba.
        [few] Pozostały { $attempts } próby.
        [many] Pozostało { $attempts } prób.
       *[other] Pozostało { $attempts } próby.
    }
try-again = Ponów próbę
max-attempts-title = Zbyt wiele prób
max-attempts-body = Ze względów bezpieczeństwa ta sesja została zakończona. Aby zacząć od nowa, prosimy o kontakt z nadawcą.
terminal-failure-title = Nie udało się dodać tego konta
terminal-failure-body = To konto nie może przyjmować wypłat. Aby uzyskać pomoc, prosimy o kontakt z nadawcą.
canceled-title = Anulowano
canceled-body = Konto nie zostało dodane. Można zamknąć to okno.
expired-title = Ten link wygasł
expired-body = Ze względów bezpieczeństwa ten link jest aktywny tylko przez krótki czas. Nowy link można otrzymać od nadawcy.
expired-body-embedded = Ze względów bezpieczeństwa ten formularz można otworzyć tylko na krótki czas. Aby zacząć od nowa, wystarczy ponownie załadować tę stronę.
bound-title = Otwarto w innej przeglądarce
bound-body = Ta sesja została już otwarta w innej przeglądarce lub na innym urządzeniu. Można tam kontynuować albo poprosić nadawcę o nowy link.
not-mountable-title = Ta sesja została zakończona
not-mountable-body = Tej sesji nie można już użyć. Jeśli nadal trzeba dodać konto, prosimy o kontakt z nadawcą.
network-error = Nie udało się połączyć z serwerem. Prosimy sprawdzić połączenie i spróbować ponownie.
return-button = Powrót do { $host }
