# capture-frame — página alojada para registrar la cuenta de cobro.
# Traducción de en-US (idioma de origen). Variables: $brand, $host, $last4, $attempts, $count.

## Página

page-title = Añada su cuenta para recibir pagos
loading = Cargando formulario seguro…
secure-note = Sus datos se cifran y se envían de forma segura.
method-legend = ¿Cómo desea recibir sus pagos?
method-debit = Tarjeta de débito
method-ach = Cuenta bancaria

## Campos de la tarjeta de débito

card-number-label = Número de tarjeta
card-brand = Marca de la tarjeta: { $brand }
card-expiry-label = Fecha de caducidad
card-expiry-hint = MM/YY (mes/año)
card-name-label = Nombre que figura en la tarjeta

## Campos de la cuenta bancaria

routing-label = Número de ruta bancaria (ABA)
routing-hint = 9 dígitos, en la parte inferior izquierda de un cheque
account-label = Número de cuenta
account-confirm-label = Confirme el número de cuenta
account-type-legend = Tipo de cuenta
account-type-checking = Cuenta corriente
account-type-savings = Cuenta de ahorro
holder-name-label = Nombre del titular de la cuenta

## Campos comunes y acciones

postal-code-label = Código postal (ZIP)
submit = Añadir cuenta
submitting = Verificando su cuenta…
cancel = Cancelar
cancel-confirm-title = ¿Desea cancelar el alta de su cuenta?
cancel-confirm-body = No podrá continuar con este enlace.
cancel-confirm-yes = Sí, cancelar
cancel-confirm-no = No, continuar

## Errores de validación

error-required = Este campo es obligatorio.
error-card-length = Introduzca el número completo de la tarjeta (de 12 a 19 dígitos).
error-card-checksum = Este número de tarjeta no es válido. Compruebe que no haya errores de escritura.
error-card-brand = Aceptamos tarjetas de débito Visa, Mastercard, American Express y Discover.
error-expiry-format = Introduzca la fecha con el formato MM/YY (mes/año).
error-expiry-past = Esta tarjeta ha caducado.
error-routing-length = Introduzca un número de ruta bancaria de 9 dígitos.
error-routing-checksum = Este número de ruta bancaria no es válido. Compruebe que no haya errores de escritura.
error-account-number = Introduzca un número de cuenta de entre 4 y 17 dígitos.
error-account-mismatch = Los números de cuenta no coinciden.
error-postal-code = Introduzca un código postal (ZIP) de 5 dígitos o con el formato ZIP+4.
error-name = Introduzca el nombre tal como figura en la cuenta.
error-summary =
    { $count ->
        [one] Hay { $count } error en el formulario.
       *[other] Hay { $count } errores en el formulario.
    }

## Resultados

success-title = Cuenta añadida
success-card = Su tarjeta terminada en { $last4 } ya puede recibir pagos.
success-bank = Su cuenta bancaria terminada en { $last4 } ya puede recibir pagos.
review-title = Estamos revisando tu cuenta
review-body = Tu cuenta que termina en { $last4 } está verificada. El remitente la está revisando; suele tardar unos segundos. Mantén esta ventana abierta.
stopped-title = Esta cuenta no se ha aceptado
stopped-body = El remitente no ha aceptado esta cuenta y no se ha guardado. Puedes cerrar esta ventana.
verification-failed-title = No hemos podido verificar esta cuenta
verification-failed-body = El nombre o el código postal no coinciden con los datos que constan en los registros del pagador.
attempts-remaining =
    { $attempts ->
        [one] Le queda { $attempts } intento.
       *[other] Le quedan { $attempts } intentos.
    }
try-again = Volver a intentarlo
max-attempts-title = Demasiados intentos
max-attempts-body = Por su seguridad, esta sesión ha finalizado. Póngase en contacto con el pagador para empezar de nuevo.
terminal-failure-title = No hemos podido añadir esta cuenta
terminal-failure-body = Esta cuenta no puede recibir pagos. Póngase en contacto con el pagador para obtener ayuda.
canceled-title = Cancelado
canceled-body = No ha añadido ninguna cuenta. Puede cerrar esta ventana.
expired-title = Este enlace ha caducado
expired-body = Por su seguridad, este enlace solo es válido durante poco tiempo. Solicite uno nuevo al pagador.
expired-body-embedded = Por su seguridad, este formulario solo puede abrirse durante poco tiempo. Vuelva a cargar esta página para empezar de nuevo.
bound-title = Abierto en otro navegador
bound-body = Esta sesión ya se ha abierto en otro navegador o dispositivo. Continúe allí o solicite un enlace nuevo al pagador.
not-mountable-title = Esta sesión ha finalizado
not-mountable-body = Esta sesión ya no se puede utilizar. Póngase en contacto con el pagador si todavía necesita añadir una cuenta.
network-error = No hemos podido conectar con el servidor. Compruebe su conexión e inténtelo de nuevo.
return-button = Volver a { $host }
