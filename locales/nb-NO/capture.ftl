# capture-frame — hosted payout-account capture page (nb-NO).

## Side

page-title = Legg til utbetalingskonto
loading = Laster inn sikkert skjema …
secure-note = Opplysningene dine krypteres og sendes sikkert.
method-legend = Hvordan vil du motta utbetalingen?
method-debit = Debetkort
method-ach = Bankkonto

## Felt for debetkort

card-number-label = Kortnummer
card-brand = Korttype: { $brand }
card-expiry-label = Utløpsdato
card-expiry-hint = MM/YY (måned/år)
card-name-label = Navn på kortet

## Felt for bankkonto

routing-label = Rutingnummer (ABA)
routing-hint = 9 sifre, nederst til venstre på en sjekk
account-label = Kontonummer
account-confirm-label = Bekreft kontonummeret
account-type-legend = Kontotype
account-type-checking = Brukskonto
account-type-savings = Sparekonto
holder-name-label = Navn på kontoinnehaver

## Felles felt og handlinger

postal-code-label = Postnummer (ZIP)
submit = Legg til konto
submitting = Bekrefter kontoen din …
cancel = Avbryt
cancel-confirm-title = Vil du avbryte registreringen av kontoen?
cancel-confirm-body = Du vil ikke kunne fortsette med denne lenken.
cancel-confirm-yes = Ja, avbryt
cancel-confirm-no = Nei, fortsett

## Valideringsfeil

error-required = Dette feltet må fylles ut.
error-card-length = Skriv inn hele kortnummeret (12 til 19 sifre).
error-card-checksum = Dette kortnummeret er ugyldig. Kontroller at det ikke inneholder skrivefeil.
error-card-brand = Vi godtar debetkort fra Visa, Mastercard, American Express og Discover.
error-expiry-format = Skriv inn datoen som MM/YY (måned/år).
error-expiry-past = Dette kortet er utløpt.
error-routing-length = Skriv inn et rutingnummer på 9 sifre.
error-routing-checksum = Dette rutingnummeret er ugyldig. Kontroller at det ikke inneholder skrivefeil.
error-account-number = Skriv inn et kontonummer på 4 til 17 sifre.
error-account-mismatch = Kontonumrene samsvarer ikke.
error-postal-code = Skriv inn et postnummer (ZIP) på 5 sifre eller i formatet ZIP+4.
error-name = Skriv inn navnet slik det står på kontoen.
error-summary =
    { $count ->
        [one] Det er { $count } problem i skjemaet.
       *[other] Det er { $count } problemer i skjemaet.
    }

## Resultater

success-title = Kontoen er lagt til
success-card = Kortet ditt som slutter på { $last4 }, er klart til å motta utbetalinger.
success-bank = Bankkontoen din som slutter på { $last4 }, er klar til å motta utbetalinger.
review-title = Vi går gjennom kontoen din
review-body = Kontoen din som slutter på { $last4 }, er bekreftet. Avsenderen går gjennom den nå; det tar vanligvis noen sekunder. La dette vinduet være åpent.
stopped-title = Kontoen ble ikke godtatt
stopped-body = Avsenderen godtok ikke denne kontoen, og den ble ikke lagret. Du kan lukke dette vinduet.
verification-failed-title = Vi kunne ikke bekrefte denne kontoen
verification-failed-body = Navnet eller postnummeret samsvarer ikke med opplysningene avsenderen har registrert.
attempts-remaining =
    { $attempts ->
        [one] Du har { $attempts } forsøk igjen.
       *[other] Du har { $attempts } forsøk igjen.
    }
try-again = Prøv igjen
max-attempts-title = For mange forsøk
max-attempts-body = Av sikkerhetshensyn er denne økten avsluttet. Kontakt avsenderen for å begynne på nytt.
terminal-failure-title = Vi kunne ikke legge til denne kontoen
terminal-failure-body = Denne kontoen kan ikke motta utbetalinger. Kontakt avsenderen for å få hjelp.
canceled-title = Avbrutt
canceled-body = Du la ikke til noen konto. Du kan lukke dette vinduet.
expired-title = Denne lenken er utløpt
expired-body = Av sikkerhetshensyn er denne lenken bare gyldig i kort tid. Be avsenderen om en ny lenke.
expired-body-embedded = Av sikkerhetshensyn kan dette skjemaet bare åpnes i kort tid. Last inn siden på nytt for å begynne igjen.
bound-title = Åpnet i en annen nettleser
bound-body = Denne økten er allerede åpnet i en annen nettleser eller på en annen enhet. Fortsett der, eller be avsenderen om en ny lenke.
not-mountable-title = Denne økten er avsluttet
not-mountable-body = Denne økten kan ikke lenger brukes. Kontakt avsenderen hvis du fortsatt trenger å legge til en konto.
network-error = Vi fikk ikke kontakt med serveren. Kontroller tilkoblingen og prøv igjen.
return-button = Tilbake til { $host }
