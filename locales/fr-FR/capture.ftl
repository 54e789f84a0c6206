# capture-frame — page hébergée de saisie du compte de versement.
# Traduction de en-US (langue source). Variables : $brand, $host, $last4, $attempts, $count.

## Page

page-title = Ajoutez votre compte de versement
loading = Chargement du formulaire sécurisé…
secure-note = Vos données sont chiffrées et transmises de manière sécurisée.
method-legend = Comment souhaitez-vous recevoir vos versements ?
method-debit = Carte de débit
method-ach = Compte bancaire

## Champs de la carte de débit

card-number-label = Numéro de carte
card-brand = Réseau de la carte : { $brand }
card-expiry-label = Date d’expiration
card-expiry-hint = MM/YY (mois/année)
card-name-label = Nom figurant sur la carte

## Champs du compte bancaire

routing-label = Numéro de routage (ABA)
routing-hint = 9 chiffres, en bas à gauche d’un chèque
account-label = Numéro de compte
account-confirm-label = Confirmez le numéro de compte
account-type-legend = Type de compte
account-type-checking = Compte courant
account-type-savings = Compte d’épargne
holder-name-label = Nom du titulaire du compte

## Champs communs et actions

postal-code-label = Code postal (ZIP)
submit = Ajouter le compte
submitting = Vérification de votre compte…
cancel = Annuler
cancel-confirm-title = Annuler l’ajout de votre compte ?
cancel-confirm-body = Vous ne pourrez plus poursuivre avec ce lien.
cancel-confirm-yes = Oui, annuler
cancel-confirm-no = Non, continuer

## Erreurs de validation

error-required = Ce champ est obligatoire.
error-card-length = Saisissez le numéro de carte complet (12 à 19 chiffres).
error-card-checksum = Ce numéro de carte n’est pas valide. Vérifiez qu’il ne comporte pas de faute de frappe.
error-card-brand = Nous acceptons les cartes de débit Visa, Mastercard, American Express et Discover.
error-expiry-format = Saisissez la date au format MM/YY (mois/année).
error-expiry-past = Cette carte a expiré.
error-routing-length = Saisissez un numéro de routage à 9 chiffres.
error-routing-checksum = Ce numéro de routage n’est pas valide. Vérifiez qu’il ne comporte pas de faute de frappe.
error-account-number = Saisissez un numéro de compte de 4 à 17 chiffres.
error-account-mismatch = Les numéros de compte ne correspondent pas.
error-postal-code = Saisissez un code postal (ZIP) à 5 chiffres ou au format ZIP+4.
error-name = Saisissez le nom tel qu’il figure sur le compte.
error-summary =
    { $count ->
        [one] Le formulaire comporte { $count } erreur.
        [many] Le formulaire comporte { $count } erreurs.
       *[other] Le formulaire comporte { $count } erreurs.
    }

## Résultats

success-title = Compte ajouté
success-card = Votre carte se terminant par { $last4 } est prête à recevoir des versements.
success-bank = Votre compte bancaire se terminant par { $last4 } est prêt à recevoir des versements.
review-title = Votre compte est en cours d’examen
review-body = Votre compte se terminant par { $last4 } est vérifié. L’expéditeur l’examine ; cela prend généralement quelques secondes. Gardez cette fenêtre ouverte.
stopped-title = Ce compte n’a pas été accepté
stopped-body = L’expéditeur n’a pas accepté ce compte, et il n’a pas été enregistré. Vous pouvez fermer cette fenêtre.
verification-failed-title = Nous n’avons pas pu vérifier ce compte
verification-failed-body = Le nom ou le code postal ne correspond pas aux informations dont dispose le payeur.
attempts-remaining =
    { $attempts ->
        [one] Il vous reste { $attempts } tentative.
        [many] Il vous reste { $attempts } tentatives.
       *[other] Il vous reste { $attempts } tentatives.
    }
try-again = Réessayer
max-attempts-title = Trop de tentatives
max-attempts-body = Pour votre sécurité, cette session a pris fin. Contactez le payeur pour recommencer.
terminal-failure-title = Nous n’avons pas pu ajouter ce compte
terminal-failure-body = Ce compte ne peut pas recevoir de versements. Contactez le payeur pour obtenir de l’aide.
canceled-title = Annulé
canceled-body = Vous n’avez ajouté aucun compte. Vous pouvez fermer cette fenêtre.
expired-title = Ce lien a expiré
expired-body = Pour votre sécurité, ce lien n’est valable que peu de temps. Demandez-en un nouveau au payeur.
expired-body-embedded = Pour votre sécurité, ce formulaire ne peut être ouvert que peu de temps. Rechargez cette page pour recommencer.
bound-title = Ouvert dans un autre navigateur
bound-body = Cette session a déjà été ouverte dans un autre navigateur ou sur un autre appareil. Poursuivez sur celui-ci ou demandez un nouveau lien au payeur.
not-mountable-title = Cette session a pris fin
not-mountable-body = Cette session ne peut plus être utilisée. Contactez le payeur si vous devez encore ajouter un compte.
network-error = Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.
return-button = Retourner sur { $host }
