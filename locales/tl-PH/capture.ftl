# capture-frame — hosted payout-account capture page (tl-PH).

## Pahina

page-title = Idagdag ang inyong account na tatanggap ng bayad
loading = Nilo-load ang ligtas na form…
secure-note = Naka-encrypt at ligtas na ipinapadala ang inyong mga detalye.
method-legend = Paano ninyo gustong matanggap ang bayad?
method-debit = Sa debit card
method-ach = Sa bank account

## Mga field para sa debit card

card-number-label = Numero ng card
card-brand = Uri ng card: { $brand }
card-expiry-label = Petsa ng pag-expire
card-expiry-hint = MM/YY (buwan/taon)
card-name-label = Pangalan sa card

## Mga field para sa bank account

routing-label = Numero ng routing
routing-hint = 9 na digit, nasa kaliwang ibaba ng tseke
account-label = Numero ng account
account-confirm-label = Kumpirmahin ang numero ng account
account-type-legend = Uri ng account
account-type-checking = Checking account
account-type-savings = Savings account
holder-name-label = Pangalan ng may-ari ng account

## Mga pinagsasaluhang field at aksyon

postal-code-label = ZIP code
submit = Idagdag ang account
submitting = Bine-verify ang inyong account…
cancel = Kanselahin
cancel-confirm-title = Kanselahin ang pagdaragdag ng inyong account?
cancel-confirm-body = Hindi na ninyo maipagpapatuloy ang proseso gamit ang link na ito.
cancel-confirm-yes = Oo, kanselahin
cancel-confirm-no = Hindi, magpatuloy

## Mga error sa pagpapatunay

error-required = Kinakailangan ang field na ito.
error-card-length = Ilagay ang buong numero ng card (12 hanggang 19 na digit).
error-card-checksum = Hindi wasto ang numero ng card na ito. Suriin kung may maling pagkaka-type.
error-card-brand = Tumatanggap kami ng mga debit card ng Visa, Mastercard, American Express, at Discover.
error-expiry-format = Ilagay ang petsa bilang MM/YY (buwan/taon).
error-expiry-past = Nag-expire na ang card na ito.
error-routing-length = Ilagay ang 9 na digit na numero ng routing.
error-routing-checksum = Hindi wasto ang numero ng routing na ito. Suriin kung may maling pagkaka-type.
error-account-number = Ilagay ang numero ng account na may 4 hanggang 17 digit.
error-account-mismatch = Hindi magkatugma ang mga numero ng account.
error-postal-code = Ilagay ang 5-digit na ZIP code o ZIP+4.
error-name = Ilagay ang pangalan ayon sa nakasaad sa account.
error-summary =
    { $count ->
        [one] May { $count } problema sa form.
       *[other] May { $count } problema sa form.
    }

## Mga resulta

success-title = Naidagdag na ang account
success-card = Handa nang tumanggap ng bayad ang inyong card na nagtatapos sa { $last4 }.
success-bank = Handa nang tumanggap ng bayad ang inyong bank account na nagtatapos sa { $last4 }.
review-title = Sinusuri namin ang iyong account
review-body = Na-verify na ang iyong account na nagtatapos sa { $last4 }. Sinusuri ito ngayon ng nagpadala; karaniwang ilang segundo lang ito. Panatilihing bukas ang window na ito.
stopped-title = Hindi tinanggap ang account na ito
stopped-body = Hindi tinanggap ng nagpadala ang account na ito, at hindi ito na-save. Maaari mo nang isara ang window na ito.
verification-failed-title = Hindi namin ma-verify ang account na ito
verification-failed-body = Hindi tugma ang pangalan o ZIP code sa impormasyong hawak ng nagpadala.
attempts-remaining =
    { $attempts ->
        [one] May natitira pa kayong { $attempts } pagsubok.
       *[other] May natitira pa kayong { $attempts } pagsubok.
    }
try-again = Subukang muli
max-attempts-title = Masyadong maraming pagsubok
max-attempts-body = Para sa inyong seguridad, tinapos na ang sesyong ito. Makipag-ugnayan sa nagpadala para magsimulang muli.
terminal-failure-title = Hindi namin maidagdag ang account na ito
terminal-failure-body = Hindi makatatanggap ng bayad ang account na ito. Makipag-ugnayan sa nagpadala para humingi ng tulong.
canceled-title = Kinansela
canceled-body = Hindi kayo nagdagdag ng account. Maaari na ninyong isara ang window na ito.
expired-title = Nag-expire na ang link na ito
expired-body = Para sa inyong seguridad, sa maikling panahon lamang gumagana ang link na ito. Humingi ng bagong link sa nagpadala.
expired-body-embedded = Para sa inyong seguridad, sa maikling panahon lamang mabubuksan ang form na ito. I-reload ang pahinang ito para magsimulang muli.
bound-title = Nakabukas sa ibang browser
bound-body = Nabuksan na ang sesyong ito sa ibang browser o device. Doon na magpatuloy, o humingi ng bagong link sa nagpadala.
not-mountable-title = Natapos na ang sesyong ito
not-mountable-body = Hindi na magagamit ang sesyong ito. Makipag-ugnayan sa nagpadala kung kailangan pa rin ninyong magdagdag ng account.
network-error = Hindi kami makakonekta sa server. Suriin ang inyong koneksyon at subukang muli.
return-button = Bumalik sa { $host }
