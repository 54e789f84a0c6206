# capture-frame — pagina ospitata per l’inserimento del conto di accredito.
# Traduzione da en-US (lingua di origine). Variabili: $brand, $host, $last4, $attempts, $count.

## Pagina

page-title = Aggiunga il suo conto per gli accrediti
loading = Caricamento del modulo sicuro…
secure-note = I suoi dati vengono crittografati e inviati in modo sicuro.
method-legend = Come desidera ricevere i pagamenti?
method-debit = Carta di debito
method-ach = Conto bancario

## Campi della carta di debito

card-number-label = Numero della carta
card-brand = Circuito della carta: { $brand }
card-expiry-label = Data di scadenza
card-expiry-hint = MM/YY (mese/anno)
card-name-label = Nome del titolare della carta

## Campi del conto bancario

routing-label = Codice di instradamento (ABA)
routing-hint = 9 cifre, in basso a sinistra su un assegno
account-label = Numero di conto
account-confirm-label = Conferma del numero di conto
account-type-legend = Tipo di conto
account-type-checking = Conto corrente
account-type-savings = Conto di risparmio
holder-name-label = Nome dell’intestatario del conto

## Campi comuni e azioni

postal-code-label = Codice postale (ZIP)
submit = Aggiungi conto
submitting = Verifica del conto in corso…
cancel = Annulla
cancel-confirm-title = Annullare l’aggiunta del conto?
cancel-confirm-body = Non potrà più proseguire con questo link.
cancel-confirm-yes = Sì, annulla
cancel-confirm-no = No, continua

## Errori di convalida

error-required = Questo campo è obbligatorio.
error-card-length = Inserisca il numero completo della carta (da 12 a 19 cifre).
error-card-checksum = Questo numero di carta non è valido. Verifichi che non contenga errori di battitura.
error-card-brand = Accettiamo carte di debito Visa, Mastercard, American Express e Discover.
error-expiry-format = Inserisca la data nel formato MM/YY (mese/anno).
error-expiry-past = Questa carta è scaduta.
error-routing-length = Inserisca un codice di instradamento di 9 cifre.
error-routing-checksum = Questo codice di instradamento non è valido. Verifichi che non contenga errori di battitura.
error-account-number = Inserisca un numero di conto composto da 4 a 17 cifre.
error-account-mismatch = I numeri di conto non corrispondono.
error-postal-code = Inserisca un codice postale (ZIP) di 5 cifre o nel formato ZIP+4.
error-name = Inserisca il nome così come appare sul conto.
error-summary =
    { $count ->
        [one] Il modulo contiene { $count } errore.
       *[other] Il modulo contiene { $count } errori.
    }

## Risultati

success-title = Conto aggiunto
success-card = La sua carta che termina con { $last4 } è pronta a ricevere pagamenti.
success-bank = Il suo conto bancario che termina con { $last4 } è pronto a ricevere pagamenti.
review-title = Stiamo verificando il tuo conto
review-body = Il tuo conto che termina con { $last4 } è verificato. Il mittente lo sta esaminando; di solito bastano pochi secondi. Tieni aperta questa finestra.
stopped-title = Questo conto non è stato accettato
stopped-body = Il mittente non ha accettato questo conto, che non è stato salvato. Puoi chiudere questa finestra.
verification-failed-title = Non è stato possibile verificare questo conto
verification-failed-body = Il nome o il codice postale non corrisponde ai dati in possesso del mittente del pagamento.
attempts-remaining =
    { $attempts ->
        [one] Le resta { $attempts } tentativo.
       *[other] Le restano { $attempts } tentativi.
    }
try-again = Riprova
max-attempts-title = Troppi tentativi
max-attempts-body = Per la sua sicurezza, questa sessione è terminata. Contatti il mittente del pagamento per ricominciare.
terminal-failure-title = Non è stato possibile aggiungere questo conto
terminal-failure-body = Questo conto non può ricevere pagamenti. Contatti il mittente del pagamento per ricevere assistenza.
canceled-title = Operazione annullata
canceled-body = Non ha aggiunto alcun conto. Può chiudere questa finestra.
expired-title = Questo link è scaduto
expired-body = Per la sua sicurezza, questo link è valido solo per un breve periodo. Ne richieda uno nuovo al mittente del pagamento.
expired-body-embedded = Per la sua sicurezza, questo modulo può essere aperto solo per un breve periodo. Ricarichi questa pagina per ricominciare.
bound-title = Aperto in un altro browser
bound-body = Questa sessione è già stata aperta in un altro browser o dispositivo. Prosegua lì oppure richieda un nuovo link al mittente del pagamento.
not-mountable-title = Questa sessione è terminata
not-mountable-body = Questa sessione non può più essere utilizzata. Contatti il mittente del pagamento se deve ancora aggiungere un conto.
network-error = Impossibile raggiungere il server. Verifichi la connessione e riprovi.
return-button = Torna a { $host }
