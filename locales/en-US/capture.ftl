# capture-frame — hosted payout-account capture page.
# en-US is the source locale: every other locale has exactly these messages, attributes and variables.
# Variables: $brand and $host are names (never translated), $last4 is four digits,
# $attempts and $count are numbers (use the locale's CLDR plural categories).

## Page

page-title = Add your payout account
loading = Loading secure form…
secure-note = Your details are encrypted and sent securely.
method-legend = How would you like to get paid?
method-debit = Debit card
method-ach = Bank account

## Debit card fields

card-number-label = Card number
card-brand = Card brand: { $brand }
card-expiry-label = Expiration date
card-expiry-hint = MM/YY
card-name-label = Name on card

## Bank account fields

routing-label = Routing number
routing-hint = 9 digits, at the bottom left of a check
account-label = Account number
account-confirm-label = Confirm account number
account-type-legend = Account type
account-type-checking = Checking
account-type-savings = Savings
holder-name-label = Account holder name

## Shared fields and actions

postal-code-label = ZIP code
submit = Add account
submitting = Verifying your account…
cancel = Cancel
cancel-confirm-title = Cancel adding your account?
cancel-confirm-body = You won't be able to continue with this link.
cancel-confirm-yes = Yes, cancel
cancel-confirm-no = No, keep going

## Validation errors

error-required = This field is required.
error-card-length = Enter the full card number (12 to 19 digits).
error-card-checksum = This card number isn't valid. Check it for typos.
error-card-brand = We accept Visa, Mastercard, American Express and Discover debit cards.
error-expiry-format = Enter the date as MM/YY.
error-expiry-past = This card has expired.
error-routing-length = Enter a 9-digit routing number.
error-routing-checksum = This routing number isn't valid. Check it for typos.
error-account-number = Enter an account number of 4 to 17 digits.
error-account-mismatch = The account numbers don't match.
error-postal-code = Enter a 5-digit ZIP code or ZIP+4.
error-name = Enter the name as it appears on the account.
error-summary =
    { $count ->
        [one] There is { $count } problem with the form.
       *[other] There are { $count } problems with the form.
    }

## Results

success-title = Account added
success-card = Your card ending in { $last4 } is ready to receive payouts.
success-bank = Your bank account ending in { $last4 } is ready to receive payouts.
review-title = We're reviewing your account
review-body = Your account ending in { $last4 } is verified. The sender is reviewing it; this usually takes a few seconds. Keep this window open.
stopped-title = This account wasn't accepted
stopped-body = The sender didn't accept this account, and it wasn't saved. You can close this window.
verification-failed-title = We couldn't verify this account
verification-failed-body = The name or ZIP code doesn't match what the sender has on file.
attempts-remaining =
    { $attempts ->
        [one] You have { $attempts } attempt left.
       *[other] You have { $attempts } attempts left.
    }
try-again = Try again
max-attempts-title = Too many attempts
max-attempts-body = For your security, this session has ended. Contact the sender to start over.
terminal-failure-title = We couldn't add this account
terminal-failure-body = This account can't receive payouts. Contact the sender for help.
canceled-title = Canceled
canceled-body = You didn't add an account. You can close this window.
expired-title = This link has expired
expired-body = For your security, this link works only for a short time. Ask the sender for a new one.
# Inside an integrator's page, which issues a fresh form when it is loaded again.
expired-body-embedded = For your security, this form can be opened only for a short time. Reload this page to start again.
bound-title = Opened in another browser
bound-body = This session was already opened in another browser or device. Continue there, or ask the sender for a new link.
not-mountable-title = This session has ended
not-mountable-body = This session can no longer be used. Contact the sender if you still need to add an account.
network-error = We couldn't reach the server. Check your connection and try again.
return-button = Return to { $host }
