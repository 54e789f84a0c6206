# capture-frame — hosted payout-account capture page (sv-SE).

## Sida

page-title = Lägg till konto för utbetalningar
loading = Läser in säkert formulär…
secure-note = Dina uppgifter krypteras och skickas säkert.
method-legend = Hur vill du få betalt?
method-debit = Betalkort
method-ach = Bankkonto

## Fält för betalkort

card-number-label = Kortnummer
card-brand = Korttyp: { $brand }
card-expiry-label = Utgångsdatum
card-expiry-hint = MM/YY (månad/år)
card-name-label = Namn på kortet

## Fält för bankkonto

routing-label = Routingnummer
routing-hint = 9 siffror, längst ned till vänster på en check
account-label = Kontonummer
account-confirm-label = Bekräfta kontonumret
account-type-legend = Kontotyp
account-type-checking = Transaktionskonto
account-type-savings = Sparkonto
holder-name-label = Kontoinnehavarens namn

## Gemensamma fält och åtgärder

postal-code-label = Postnummer (ZIP)
submit = Lägg till konto
submitting = Verifierar ditt konto…
cancel = Avbryt
cancel-confirm-title = Vill du avbryta registreringen av kontot?
cancel-confirm-body = Du kommer inte att kunna fortsätta via den här länken.
cancel-confirm-yes = Ja, avbryt
cancel-confirm-no = Nej, fortsätt

## Valideringsfel

error-required = Det här fältet är obligatoriskt.
error-card-length = Ange hela kortnumret (12–19 siffror).
error-card-checksum = Kortnumret är ogiltigt. Kontrollera att du har skrivit rätt.
error-card-brand = Vi godkänner betalkort från Visa, Mastercard, American Express och Discover.
error-expiry-format = Ange datumet som MM/YY (månad/år).
error-expiry-past = Kortet har gått ut.
error-routing-length = Ange ett routingnummer med 9 siffror.
error-routing-checksum = Routingnumret är ogiltigt. Kontrollera att du har skrivit rätt.
error-account-number = Ange ett kontonummer med 4–17 siffror.
error-account-mismatch = Kontonumren stämmer inte överens.
error-postal-code = Ange ett postnummer (ZIP) med 5 siffror eller i formatet ZIP+4.
error-name = Ange namnet så som det står på kontot.
error-summary =
    { $count ->
        [one] Det finns { $count } problem i formuläret.
       *[other] Det finns { $count } problem i formuläret.
    }

## Resultat

success-title = Kontot har lagts till
success-card = Ditt kort som slutar på { $last4 } är redo att ta emot utbetalningar.
success-bank = Ditt bankkonto som slutar på { $last4 } är redo att ta emot utbetalningar.
review-title = Vi granskar ditt konto
review-body = Ditt konto som slutar på { $last4 } är verifierat. Avsändaren granskar det nu; det brukar ta några sekunder. Låt det här fönstret vara öppet.
stopped-title = Kontot godkändes inte
stopped-body = Avsändaren godkände inte det här kontot, och det sparades inte. Du kan stänga det här fönstret.
verification-failed-title = Vi kunde inte verifiera kontot
verification-failed-body = Namnet eller postnumret stämmer inte med de uppgifter som avsändaren har registrerat.
attempts-remaining =
    { $attempts ->
        [one] Du har { $attempts } försök kvar.
       *[other] Du har { $attempts } försök kvar.
    }
try-again = Försök igen
max-attempts-title = För många försök
max-attempts-body = Av säkerhetsskäl har sessionen avslutats. Kontakta avsändaren för att börja om.
terminal-failure-title = Vi kunde inte lägga till kontot
terminal-failure-body = Det här kontot kan inte ta emot utbetalningar. Kontakta avsändaren för att få hjälp.
canceled-title = Avbrutet
canceled-body = Du lade inte till något konto. Du kan stänga det här fönstret.
expired-title = Länken har gått ut
expired-body = Av säkerhetsskäl fungerar länken bara under en kort tid. Be avsändaren om en ny länk.
expired-body-embedded = Av säkerhetsskäl kan formuläret bara öppnas under en kort tid. Läs in sidan igen för att börja om.
bound-title = Öppnad i en annan webbläsare
bound-body = Sessionen har redan öppnats i en annan webbläsare eller på en annan enhet. Fortsätt där eller be avsändaren om en ny länk.
not-mountable-title = Sessionen har avslutats
not-mountable-body = Sessionen kan inte längre användas. Kontakta avsändaren om du fortfarande behöver lägga till ett konto.
network-error = Det gick inte att nå servern. Kontrollera anslutningen och försök igen.
return-button = Tillbaka till { $host }
