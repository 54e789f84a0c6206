# capture-frame — hosted payout-account capture page (nl-NL).

## Pagina

page-title = Uitbetalingsrekening toevoegen
loading = Beveiligd formulier laden…
secure-note = Uw gegevens worden versleuteld en veilig verzonden.
method-legend = Hoe wilt u uitbetaald worden?
method-debit = Debetkaart
method-ach = Bankrekening

## Velden voor debetkaart

card-number-label = Kaartnummer
card-brand = Kaarttype: { $brand }
card-expiry-label = Vervaldatum
card-expiry-hint = MM/YY (maand/jaar)
card-name-label = Naam op kaart

## Velden voor bankrekening

routing-label = Routingnummer
routing-hint = 9 cijfers, linksonder op een cheque
account-label = Rekeningnummer
account-confirm-label = Rekeningnummer bevestigen
account-type-legend = Type rekening
account-type-checking = Betaalrekening
account-type-savings = Spaarrekening
holder-name-label = Naam rekeninghouder

## Gedeelde velden en acties

postal-code-label = Postcode (ZIP)
submit = Rekening toevoegen
submitting = Uw rekening wordt geverifieerd…
cancel = Annuleren
cancel-confirm-title = Toevoegen van uw rekening annuleren?
cancel-confirm-body = U kunt daarna niet meer verder met deze link.
cancel-confirm-yes = Ja, annuleren
cancel-confirm-no = Nee, doorgaan

## Validatiefouten

error-required = Dit veld is verplicht.
error-card-length = Voer het volledige kaartnummer in (12 tot 19 cijfers).
error-card-checksum = Dit kaartnummer is ongeldig. Controleer het op typfouten.
error-card-brand = We accepteren debetkaarten van Visa, Mastercard, American Express en Discover.
error-expiry-format = Voer de datum in als MM/YY (maand/jaar).
error-expiry-past = Deze kaart is verlopen.
error-routing-length = Voer een routingnummer van 9 cijfers in.
error-routing-checksum = Dit routingnummer is ongeldig. Controleer het op typfouten.
error-account-number = Voer een rekeningnummer van 4 tot 17 cijfers in.
error-account-mismatch = De rekeningnummers komen niet overeen.
error-postal-code = Voer een postcode (ZIP) van 5 cijfers of een ZIP+4-code in.
error-name = Voer de naam in zoals die op de rekening staat.
error-summary =
    { $count ->
        [one] Er is { $count } probleem met het formulier.
       *[other] Er zijn { $count } problemen met het formulier.
    }

## Resultaten

success-title = Rekening toegevoegd
success-card = Uw kaart eindigend op { $last4 } is klaar om uitbetalingen te ontvangen.
success-bank = Uw bankrekening eindigend op { $last4 } is klaar om uitbetalingen te ontvangen.
review-title = We controleren je rekening
review-body = Je rekening eindigend op { $last4 } is geverifieerd. De afzender controleert hem nu; dat duurt meestal een paar seconden. Laat dit venster open.
stopped-title = Deze rekening is niet geaccepteerd
stopped-body = De afzender heeft deze rekening niet geaccepteerd en hij is niet opgeslagen. Je kunt dit venster sluiten.
verification-failed-title = We konden deze rekening niet verifiëren
verification-failed-body = De naam of postcode komt niet overeen met de gegevens die bij de afzender bekend zijn.
attempts-remaining =
    { $attempts ->
        [one] U hebt nog { $attempts } poging over.
       *[other] U hebt nog { $attempts } pogingen over.
    }
try-again = Opnieuw proberen
max-attempts-title = Te veel pogingen
max-attempts-body = Voor uw veiligheid is deze sessie beëindigd. Neem contact op met de afzender om opnieuw te beginnen.
terminal-failure-title = We konden deze rekening niet toevoegen
terminal-failure-body = Op deze rekening kunnen geen uitbetalingen worden ontvangen. Neem contact op met de afzender voor hulp.
canceled-title = Geannuleerd
canceled-body = U hebt geen rekening toegevoegd. U kunt dit venster sluiten.
expired-title = Deze link is verlopen
expired-body = Voor uw veiligheid is deze link maar korte tijd geldig. Vraag de afzender om een nieuwe link.
expired-body-embedded = Voor uw veiligheid kunt u dit formulier maar korte tijd openen. Laad deze pagina opnieuw om opnieuw te beginnen.
bound-title = Geopend in een andere browser
bound-body = Deze sessie is al geopend in een andere browser of op een ander apparaat. Ga daar verder of vraag de afzender om een nieuwe link.
not-mountable-title = Deze sessie is beëindigd
not-mountable-body = Deze sessie kan niet meer worden gebruikt. Neem contact op met de afzender als u nog een rekening moet toevoegen.
network-error = We konden de server niet bereiken. Controleer uw verbinding en probeer het opnieuw.
return-button = Terug naar { $host }
