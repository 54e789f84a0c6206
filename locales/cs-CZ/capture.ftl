# capture-frame — hostovaná stránka pro zadání účtu k přijímání výplat.
# Přeloženo z en-US (zdrojový jazyk). Proměnné: $brand, $host, $last4, $attempts, $count.

## Stránka

page-title = Přidejte účet pro přijímání výplat
loading = Načítání zabezpečeného formuláře…
secure-note = Vaše údaje jsou šifrovány a odesílány zabezpečeně.
method-legend = Jakým způsobem chcete přijímat výplaty?
method-debit = Debetní karta
method-ach = Bankovní účet

## Pole debetní karty

card-number-label = Číslo karty
card-brand = Typ karty: { $brand }
card-expiry-label = Platnost do
card-expiry-hint = MM/YY (měsíc/rok)
card-name-label = Jméno na kartě

## Pole bankovního účtu

routing-label = Směrovací číslo banky (ABA)
routing-hint = 9 číslic, vlevo dole na šeku
account-label = Číslo účtu
account-confirm-label = Potvrďte číslo účtu
account-type-legend = Typ účtu
account-type-checking = Běžný účet
account-type-savings = Spořicí účet
holder-name-label = Jméno majitele účtu

## Společná pole a akce

postal-code-label = PSČ (ZIP kód)
submit = Přidat účet
submitting = Ověřujeme váš účet…
cancel = Zrušit
cancel-confirm-title = Zrušit přidání účtu?
cancel-confirm-body = Pomocí tohoto odkazu již nebudete moci pokračovat.
cancel-confirm-yes = Ano, zrušit
cancel-confirm-no = Ne, pokračovat

## Chyby ověření

error-required = Toto pole je povinné.
error-card-length = Zadejte celé číslo karty (12 až 19 číslic).
error-card-checksum = Toto číslo karty není platné. Zkontrolujte, zda neobsahuje překlep.
error-card-brand = Přijímáme debetní karty Visa, Mastercard, American Express a Discover.
error-expiry-format = Zadejte datum ve formátu MM/YY (měsíc/rok).
error-expiry-past = Platnost této karty vypršela.
error-routing-length = Zadejte 9místné směrovací číslo.
error-routing-checksum = Toto směrovací číslo není platné. Zkontrolujte, zda neobsahuje překlep.
error-account-number = Zadejte číslo účtu o délce 4 až 17 číslic.
error-account-mismatch = Čísla účtů se neshodují.
error-postal-code = Zadejte pětimístné PSČ (ZIP kód) nebo PSČ ve formátu ZIP+4.
error-name = Zadejte jméno tak, jak je uvedeno u účtu.
error-summary =
    { $count ->
        [one] Ve formuláři je { $count } chyba.
        [few] Ve formuláři jsou { $count } chyby.
        [many] Ve formuláři je { $count } chyby.
       *[other] Ve formuláři je { $count } chyb.
    }

## Výsledky

success-title = Účet byl přidán
success-card = Vaše karta končící na { $last4 } je připravena přijímat výplaty.
success-bank = Váš bankovní účet končící na { $last4 } je připraven přijímat výplaty.
review-title = Kontrolujeme váš účet
review-body = Váš účet končící na { $last4 } je ověřený. Odesílatel ho nyní kontroluje; obvykle to trvá několik sekund. Nechte toto okno otevřené.
stopped-title = Tento účet nebyl přijat
stopped-body = Odesílatel tento účet nepřijal a nebyl uložen. Toto okno můžete zavřít.
verification-failed-title = Tento účet se nepodařilo ověřit
verification-failed-body = Jméno nebo PSČ neodpovídá údajům, které eviduje plátce.
attempts-remaining =
    { $attempts ->
        [one] Zbývá vám { $attempts } pokus.
        [few] Zbývají vám { $attempts } pokusy.
        [many] Zbývá vám { $attempts } pokusu.
       *[other] Zbývá vám { $attempts } pokusů.
    }
try-again = Zkusit znovu
max-attempts-title = Příliš mnoho pokusů
max-attempts-body = Z bezpečnostních důvodů byla tato relace ukončena. Chcete-li začít znovu, obraťte se na plátce.
terminal-failure-title = Tento účet se nepodařilo přidat
terminal-failure-body = Na tento účet nelze přijímat výplaty. S žádostí o pomoc se obraťte na plátce.
canceled-title = Zrušeno
canceled-body = Nepřidali jste žádný účet. Toto okno můžete zavřít.
expired-title = Platnost tohoto odkazu vypršela
expired-body = Z bezpečnostních důvodů platí tento odkaz jen krátkou dobu. Požádejte plátce o nový.
expired-body-embedded = Z bezpečnostních důvodů lze tento formulář otevřít jen na krátkou dobu. Chcete-li začít znovu, načtěte tuto stránku znovu.
bound-title = Otevřeno v jiném prohlížeči
bound-body = Tato relace již byla otevřena v jiném prohlížeči nebo zařízení. Pokračujte tam, nebo požádejte plátce o nový odkaz.
not-mountable-title = Tato relace skončila
not-mountable-body = Tuto relaci již nelze použít. Pokud stále potřebujete přidat účet, obraťte se na plátce.
network-error = Nepodařilo se spojit se serverem. Zkontrolujte připojení a zkuste to znovu.
return-button = Zpět na { $host }
