# capture-frame – isännöity sivu maksujen vastaanottotilin lisäämiseen.
# Käännetty en-US-lähdekielestä. Muuttujat: $brand, $host, $last4, $attempts, $count.

## Sivu

page-title = Lisää tili maksujen vastaanottamista varten
loading = Ladataan suojattua lomaketta…
secure-note = Tietosi salataan ja lähetetään turvallisesti.
method-legend = Miten haluat vastaanottaa maksut?
method-debit = Debit-kortti
method-ach = Pankkitili

## Debit-kortin kentät

card-number-label = Kortin numero
card-brand = Korttityyppi: { $brand }
card-expiry-label = Voimassaolon päättymispäivä
card-expiry-hint = MM/YY (kuukausi/vuosi)
card-name-label = Nimi kortissa

## Pankkitilin kentät

routing-label = Pankin reititysnumero (ABA)
routing-hint = 9 numeroa, shekin vasemmassa alakulmassa
account-label = Tilinumero
account-confirm-label = Vahvista tilinumero
account-type-legend = Tilin tyyppi
account-type-checking = Käyttötili
account-type-savings = Säästötili
holder-name-label = Tilinomistajan nimi

## Yhteiset kentät ja toiminnot

postal-code-label = Postinumero (ZIP)
submit = Lisää tili
submitting = Tiliä vahvistetaan…
cancel = Peruuta
cancel-confirm-title = Peruutetaanko tilin lisääminen?
cancel-confirm-body = Et voi enää jatkaa tämän linkin kautta.
cancel-confirm-yes = Kyllä, peruuta
cancel-confirm-no = Ei, jatka

## Tarkistusvirheet

error-required = Tämä kenttä on pakollinen.
error-card-length = Anna kortin koko numero (12–19 numeroa).
error-card-checksum = Kortin numero ei ole kelvollinen. Tarkista, ettei siinä ole kirjoitusvirheitä.
error-card-brand = Hyväksymme Visa-, Mastercard-, American Express- ja Discover-debit-kortit.
error-expiry-format = Anna päivämäärä muodossa MM/YY (kuukausi/vuosi).
error-expiry-past = Tämän kortin voimassaolo on päättynyt.
error-routing-length = Anna 9-numeroinen reititysnumero.
error-routing-checksum = Reititysnumero ei ole kelvollinen. Tarkista, ettei siinä ole kirjoitusvirheitä.
error-account-number = Anna tilinumero, jossa on 4–17 numeroa.
error-account-mismatch = Tilinumerot eivät täsmää.
error-postal-code = Anna 5-numeroinen postinumero (ZIP) tai postinumero ZIP+4-muodossa.
error-name = Anna nimi siinä muodossa kuin se on tilin tiedoissa.
error-summary =
    { $count ->
        [one] Lomakkeessa on { $count } virhe.
       *[other] Lomakkeessa on { $count } virhettä.
    }

## Tulokset

success-title = Tili lisätty
success-card = Korttisi, joka päättyy numeroihin { $last4 }, voi nyt vastaanottaa maksuja.
success-bank = Pankkitilisi, joka päättyy numeroihin { $last4 }, voi nyt vastaanottaa maksuja.
review-title = Tarkistamme tiliäsi
review-body = Tilisi, jonka loppuosa on { $last4 }, on vahvistettu. Lähettäjä tarkistaa sitä parhaillaan; tämä kestää yleensä muutaman sekunnin. Pidä tämä ikkuna auki.
stopped-title = Tiliä ei hyväksytty
stopped-body = Lähettäjä ei hyväksynyt tätä tiliä, eikä sitä tallennettu. Voit sulkea tämän ikkunan.
verification-failed-title = Tiliä ei voitu vahvistaa
verification-failed-body = Nimi tai postinumero ei vastaa maksajalla olevia tietoja.
attempts-remaining =
    { $attempts ->
        [one] Sinulla on { $attempts } yritys jäljellä.
       *[other] Sinulla on { $attempts } yritystä jäljellä.
    }
try-again = Yritä uudelleen
max-attempts-title = Liian monta yritystä
max-attempts-body = Istunto on päättynyt turvallisuussyistä. Jos haluat aloittaa alusta, ota yhteyttä maksajaan.
terminal-failure-title = Tiliä ei voitu lisätä
terminal-failure-body = Tälle tilille ei voi vastaanottaa maksuja. Pyydä apua maksajalta.
canceled-title = Peruutettu
canceled-body = Et lisännyt tiliä. Voit sulkea tämän ikkunan.
expired-title = Linkki on vanhentunut
expired-body = Turvallisuussyistä tämä linkki on voimassa vain lyhyen aikaa. Pyydä maksajalta uusi linkki.
expired-body-embedded = Turvallisuussyistä tämän lomakkeen voi avata vain lyhyeksi aikaa. Aloita alusta lataamalla tämä sivu uudelleen.
bound-title = Avattu toisessa selaimessa
bound-body = Tämä istunto on jo avattu toisessa selaimessa tai laitteessa. Jatka siellä tai pyydä maksajalta uusi linkki.
not-mountable-title = Istunto on päättynyt
not-mountable-body = Tätä istuntoa ei voi enää käyttää. Ota yhteyttä maksajaan, jos sinun on vielä lisättävä tili.
network-error = Palvelimeen ei saatu yhteyttä. Tarkista verkkoyhteytesi ja yritä uudelleen.
return-button = Palaa sivustolle { $host }
