# capture-frame — gehostete Seite zur Erfassung des Auszahlungskontos.
# Übersetzung von en-US (Quellgebietsschema). Variablen: $brand, $host, $last4, $attempts, $count.

## Seite

page-title = Auszahlungskonto hinzufügen
loading = Sicheres Formular wird geladen…
secure-note = Ihre Daten werden verschlüsselt und sicher übertragen.
method-legend = Wie möchten Sie Ihre Auszahlungen erhalten?
method-debit = Debitkarte
method-ach = Bankkonto

## Felder für Debitkarten

card-number-label = Kartennummer
card-brand = Kartentyp: { $brand }
card-expiry-label = Ablaufdatum
card-expiry-hint = MM/YY (Monat/Jahr)
card-name-label = Name auf der Karte

## Felder für Bankkonten

routing-label = Bankleitzahl (Routingnummer)
routing-hint = 9 Ziffern, unten links auf einem Scheck
account-label = Kontonummer
account-confirm-label = Kontonummer bestätigen
account-type-legend = Kontoart
account-type-checking = Girokonto
account-type-savings = Sparkonto
holder-name-label = Name des Kontoinhabers

## Gemeinsame Felder und Aktionen

postal-code-label = Postleitzahl (ZIP-Code)
submit = Konto hinzufügen
submitting = Ihr Konto wird überprüft…
cancel = Abbrechen
cancel-confirm-title = Hinzufügen des Kontos abbrechen?
cancel-confirm-body = Sie können mit diesem Link danach nicht mehr fortfahren.
cancel-confirm-yes = Ja, abbrechen
cancel-confirm-no = Nein, fortfahren

## Validierungsfehler

error-required = Dies ist ein Pflichtfeld.
error-card-length = Geben Sie die vollständige Kartennummer ein (12 bis 19 Ziffern).
error-card-checksum = Diese Kartennummer ist ungültig. Bitte prüfen Sie sie auf Tippfehler.
error-card-brand = Wir akzeptieren Debitkarten von Visa, Mastercard, American Express und Discover.
error-expiry-format = Geben Sie das Datum im Format MM/YY (Monat/Jahr) ein.
error-expiry-past = Diese Karte ist abgelaufen.
error-routing-length = Geben Sie eine 9-stellige Bankleitzahl ein.
error-routing-checksum = Diese Bankleitzahl ist ungültig. Bitte prüfen Sie sie auf Tippfehler.
error-account-number = Geben Sie eine Kontonummer mit 4 bis 17 Ziffern ein.
error-account-mismatch = Die Kontonummern stimmen nicht überein.
error-postal-code = Geben Sie eine 5-stellige Postleitzahl (ZIP-Code) oder eine ZIP+4-Postleitzahl ein.
error-name = Geben Sie den Namen so ein, wie er für das Konto hinterlegt ist.
error-summary =
    { $count ->
        [one] Im Formular gibt es { $count } Problem.
       *[other] Im Formular gibt es { $count } Probleme.
    }

## Ergebnisse

success-title = Konto hinzugefügt
success-card = Ihre Karte mit der Endung { $last4 } ist jetzt für Auszahlungen bereit.
success-bank = Ihr Bankkonto mit der Endung { $last4 } ist jetzt für Auszahlungen bereit.
review-title = Ihr Konto wird geprüft
review-body = Ihr Konto mit der Endung { $last4 } ist bestätigt. Der Absender prüft es gerade; das dauert meist nur wenige Sekunden. Lassen Sie dieses Fenster geöffnet.
stopped-title = Dieses Konto wurde nicht angenommen
stopped-body = Der Absender hat dieses Konto nicht angenommen, und es wurde nicht gespeichert. Sie können dieses Fenster schließen.
verification-failed-title = Wir konnten dieses Konto nicht verifizieren
verification-failed-body = Der Name oder die Postleitzahl stimmt nicht mit den Angaben überein, die dem Absender vorliegen.
attempts-remaining =
    { $attempts ->
        [one] Sie haben noch { $attempts } Versuch.
       *[other] Sie haben noch { $attempts } Versuche.
    }
try-again = Erneut versuchen
max-attempts-title = Zu viele Versuche
max-attempts-body = Zu Ihrer Sicherheit wurde diese Sitzung beendet. Wenden Sie sich an den Absender, um neu zu beginnen.
terminal-failure-title = Wir konnten dieses Konto nicht hinzufügen
terminal-failure-body = Auf dieses Konto können keine Auszahlungen erfolgen. Wenden Sie sich an den Absender, um Hilfe zu erhalten.
canceled-title = Abgebrochen
canceled-body = Sie haben kein Konto hinzugefügt. Sie können dieses Fenster jetzt schließen.
expired-title = Dieser Link ist abgelaufen
expired-body = Zu Ihrer Sicherheit ist dieser Link nur kurze Zeit gültig. Bitten Sie den Absender um einen neuen Link.
expired-body-embedded = Zu Ihrer Sicherheit lässt sich dieses Formular nur kurze Zeit öffnen. Laden Sie diese Seite neu, um noch einmal zu beginnen.
bound-title = In einem anderen Browser geöffnet
bound-body = Diese Sitzung wurde bereits in einem anderen Browser oder auf einem anderen Gerät geöffnet. Fahren Sie dort fort oder bitten Sie den Absender um einen neuen Link.
not-mountable-title = Diese Sitzung ist beendet
not-mountable-body = Diese Sitzung kann nicht mehr verwendet werden. Wenden Sie sich an den Absender, wenn Sie noch ein Konto hinzufügen müssen.
network-error = Der Server ist nicht erreichbar. Überprüfen Sie Ihre Verbindung und versuchen Sie es erneut.
return-button = Zurück zu { $host }
