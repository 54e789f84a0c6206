# capture-frame — nplooj ntawv rau sau tus as khauj txais nyiaj.
# Txhais los ntawm en-US (hom lus qhov chaw). Cov hloov pauv: $brand, $host, $last4, $attempts, $count.

## Nplooj ntawv

page-title = Ntxiv koj tus as khauj txais nyiaj
loading = Tab tom qhib daim ntawv uas muaj kev nyab xeeb…
secure-note = Koj cov ntaub ntawv raug muab zais cia thiab xa mus kom muaj kev nyab xeeb.
method-legend = Koj xav txais nyiaj li cas?
method-debit = Daim npav rho nyiaj (debit card)
method-ach = As khauj tsev txhab nyiaj

## Cov ntaub ntawv daim npav rho nyiaj

card-number-label = Tus lej daim npav
card-brand = Hom daim npav: { $brand }
card-expiry-label = Hnub tas sij hawm
card-expiry-hint = MM/YY (hli/xyoo)
card-name-label = Npe nyob ntawm daim npav

## Cov ntaub ntawv as khauj tsev txhab nyiaj

routing-label = Tus lej qhia tsev txhab nyiaj (routing number)
routing-hint = 9 tus lej, nyob hauv qab sab laug ntawm daim tshev
account-label = Tus lej as khauj
account-confirm-label = Lees paub tus lej as khauj
account-type-legend = Hom as khauj
account-type-checking = As khauj sau tshev (Checking)
account-type-savings = As khauj txuag nyiaj (Savings)
holder-name-label = Npe tus tswv as khauj

## Cov ntaub ntawv thiab kev ua sib koom

postal-code-label = Tus lej cheeb tsam xa ntawv (ZIP)
submit = Ntxiv as khauj
submitting = Tab tom kuaj xyuas koj tus as khauj…
cancel = Tso tseg
cancel-confirm-title = Tso tseg tsis ntxiv koj tus as khauj lawm puas?
cancel-confirm-body = Koj yuav siv tsis tau txoj kab txuas no mus ntxiv lawm.
cancel-confirm-yes = Yog, tso tseg
cancel-confirm-no = Tsis yog, ua mus ntxiv

## Cov yuam kev thaum kuaj xyuas

error-required = Yuav tsum sau qhov no.
error-card-length = Thov sau tag nrho tus lej daim npav (12 txog 19 tus lej).
error-card-checksum = Tus lej daim npav no tsis raug. Thov kuaj xyuas seb puas sau yuam kev.
error-card-brand = Peb txais daim npav rho nyiaj (debit card) Visa, Mastercard, American Express thiab Discover.
error-expiry-format = Thov sau hnub raws li MM/YY (hli/xyoo).
error-expiry-past = Daim npav no tas sij hawm lawm.
error-routing-length = Thov sau tus lej qhia tsev txhab nyiaj uas muaj 9 tus lej.
error-routing-checksum = Tus lej qhia tsev txhab nyiaj no tsis raug. Thov kuaj xyuas seb puas sau yuam kev.
error-account-number = Thov sau tus lej as khauj uas muaj 4 txog 17 tus lej.
error-account-mismatch = Ob tus lej as khauj tsis zoo ib yam.
error-postal-code = Thov sau tus lej cheeb tsam xa ntawv (ZIP) uas muaj 5 tus lej lossis hom ZIP+4.
error-name = Thov sau lub npe raws li muaj nyob ntawm tus as khauj.
error-summary =
    { $count ->
       *[other] Daim ntawv no muaj { $count } qhov teeb meem.
    }

## Cov txiaj ntsig

success-title = Ntxiv as khauj tiav lawm
success-card = Koj daim npav uas xaus rau { $last4 } npaj txhij txais nyiaj lawm.
success-bank = Koj tus as khauj tsev txhab nyiaj uas xaus rau { $last4 } npaj txhij txais nyiaj lawm.
review-title = Peb tab tom tshuaj xyuas koj tus account
review-body = Koj tus account uas xaus rau { $last4 } tau raug lees paub lawm. Tus xa nyiaj tab tom tshuaj xyuas; feem ntau siv ob peb vib nas this xwb. Thov cia lub qhov rais no qhib.
stopped-title = Tus account no tsis raug txais
stopped-body = Tus xa nyiaj tsis txais tus account no, thiab nws tsis tau muab khaws cia. Koj kaw tau lub qhov rais no.
verification-failed-title = Peb kuaj tsis tau tus as khauj no
verification-failed-body = Lub npe lossis tus lej cheeb tsam xa ntawv tsis zoo ib yam li cov ntaub ntawv uas tus xa nyiaj muaj.
attempts-remaining =
    { $attempts ->
       *[other] Koj tseem tshuav { $attempts } zaug sim.
    }
try-again = Sim dua
max-attempts-title = Sim ntau zaus dhau lawm
max-attempts-body = Kom muaj kev nyab xeeb rau koj, lub sij hawm siv no xaus lawm. Thov tiv tauj tus xa nyiaj kom pib dua tshiab.
terminal-failure-title = Peb ntxiv tsis tau tus as khauj no
terminal-failure-body = Tus as khauj no txais tsis tau nyiaj. Thov tiv tauj tus xa nyiaj kom pab koj.
canceled-title = Tso tseg lawm
canceled-body = Koj tsis tau ntxiv as khauj. Koj kaw tau lub qhov rais no.
expired-title = Txoj kab txuas no tas sij hawm lawm
expired-body = Kom muaj kev nyab xeeb rau koj, txoj kab txuas no siv tau ib pliag xwb. Thov nug tus xa nyiaj kom xa ib txoj tshiab.
expired-body-embedded = Kom muaj kev nyab xeeb rau koj, daim ntawv no qhib tau ib pliag xwb. Thov rov thauj nplooj ntawv no kom pib dua tshiab.
bound-title = Tau qhib rau lwm lub browser lawm
bound-body = Lub sij hawm siv no tau qhib rau lwm lub browser lossis lwm lub cuab yeej lawm. Thov ua mus ntxiv rau qhov ntawd, lossis nug tus xa nyiaj kom xa txoj kab txuas tshiab.
not-mountable-title = Lub sij hawm siv no xaus lawm
not-mountable-body = Lub sij hawm siv no siv tsis tau lawm. Thov tiv tauj tus xa nyiaj yog tias koj tseem yuav tsum ntxiv as khauj.
network-error = Peb txuas tsis tau rau peb lub tshuab. Thov kuaj xyuas koj qhov kev txuas is taws nem thiab sim dua.
return-button = Rov qab mus rau { $host }
