# capture-frame — hostet side til registrering af udbetalingskonto.
# Oversat fra en-US (kildesproget). Variabler: $brand, $host, $last4, $attempts, $count.

## Side

page-title = Tilføj din udbetalingskonto
loading = Indlæser sikker formular…
secure-note = Dine oplysninger krypteres og sendes sikkert.
method-legend = Hvordan vil du gerne modtage dine udbetalinger?
method-debit = Debetkort
method-ach = Bankkonto

## Felter til debetkort

card-number-label = Kortnummer
card-brand = Korttype: { $brand }
card-expiry-label = Udløbsdato
card-expiry-hint = MM/YY (måned/år)
card-name-label = Navn på kortet

## Felter til bankkonto

routing-label = Bankkode (ABA-nummer)
routing-hint = 9 cifre, nederst til venstre på en check
account-label = Kontonummer
account-confirm-label = Bekræft kontonummer
account-type-legend = Kontotype
account-type-checking = Checkkonto
account-type-savings = Opsparingskonto
holder-name-label = Kontohaverens navn

## Fælles felter og handlinger

postal-code-label = Postnummer (ZIP-kode)
submit = Tilføj konto
submitting = Bekræfter din konto…
cancel = Annuller
cancel-confirm-title = Vil du annullere tilføjelsen af din konto?
cancel-confirm-body = Du vil ikke kunne fortsætte via dette link.
cancel-confirm-yes = Ja, annuller
cancel-confirm-no = Nej, fortsæt

## Valideringsfejl

error-required = Dette felt skal udfyldes.
error-card-length = Indtast hele kortnummeret (12 til 19 cifre).
error-card-checksum = Kortnummeret er ikke gyldigt. Kontrollér, om der er tastefejl.
error-card-brand = Vi accepterer debetkort fra Visa, Mastercard, American Express og Discover.
error-expiry-format = Indtast datoen som MM/YY (måned/år).
error-expiry-past = Kortet er udløbet.
error-routing-length = Indtast en bankkode (ABA-nummer) på 9 cifre.
error-routing-checksum = Bankkoden er ikke gyldig. Kontrollér, om der er tastefejl.
error-account-number = Indtast et kontonummer på 4 til 17 cifre.
error-account-mismatch = Kontonumrene stemmer ikke overens.
error-postal-code = Indtast et postnummer (ZIP-kode) på 5 cifre eller i formatet ZIP+4.
error-name = Indtast navnet, som det står på kontoen.
error-summary =
    { $count ->
        [one] Der er { $count } problem i formularen.
       *[other] Der er { $count } problemer i formularen.
    }

## Resultater

success-title = Kontoen er tilføjet
success-card = Dit kort, der slutter på { $last4 }, er klar til at modtage udbetalinger.
success-bank = Din bankkonto, der slutter på { $last4 }, er klar til at modtage udbetalinger.
review-title = Vi gennemgår din konto
review-body = Din konto, der slutter på { $last4 }, er bekræftet. Afsenderen gennemgår den nu; det tager normalt et par sekunder. Lad dette vindue være åbent.
stopped-title = Kontoen blev ikke godkendt
stopped-body = Afsenderen godkendte ikke denne konto, og den blev ikke gemt. Du kan lukke dette vindue.
verification-failed-title = Vi kunne ikke bekræfte denne konto
verification-failed-body = Navnet eller postnummeret stemmer ikke overens med de oplysninger, som afsenderen har registreret.
attempts-remaining =
    { $attempts ->
        [one] Du har { $attempts } forsøg tilbage.
       *[other] Du har { $attempts } forsøg tilbage.
    }
try-again = Prøv igen
max-attempts-title = For mange forsøg
max-attempts-body = Af hensyn til din sikkerhed er sessionen afsluttet. Kontakt afsenderen for at starte forfra.
terminal-failure-title = Vi kunne ikke tilføje denne konto
terminal-failure-body = Denne konto kan ikke modtage udbetalinger. Kontakt afsenderen for at få hjælp.
canceled-title = Annulleret
canceled-body = Du har ikke tilføjet en konto. Du kan lukke dette vindue.
expired-title = Linket er udløbet
expired-body = Af hensyn til din sikkerhed virker linket kun i kort tid. Bed afsenderen om et nyt.
expired-body-embedded = Af hensyn til din sikkerhed kan formularen kun åbnes i kort tid. Genindlæs siden for at starte forfra.
bound-title = Åbnet i en anden browser
bound-body = Sessionen er allerede åbnet i en anden browser eller på en anden enhed. Fortsæt dér, eller bed afsenderen om et nyt link.
not-mountable-title = Sessionen er afsluttet
not-mountable-body = Sessionen kan ikke længere bruges. Kontakt afsenderen, hvis du stadig skal tilføje en konto.
network-error = Vi kunne ikke oprette forbindelse til serveren. Kontrollér din internetforbindelse, og prøv igen.
return-button = Tilbage til { $host }
