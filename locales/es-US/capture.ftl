# capture-frame — página para registrar la cuenta donde recibirá sus pagos.
# Traducción de en-US (idioma de origen). Variables: $brand, $host, $last4, $attempts, $count.

## Página

page-title = Agregue su cuenta para recibir pagos
loading = Cargando formulario seguro…
secure-note = Sus datos se cifran y se envían de forma segura.
method-legend = ¿Cómo desea recibir sus pagos?
method-debit = Tarjeta de débito
method-ach = Cuenta bancaria

## Campos de la tarjeta de débito

card-number-label = Número de tarjeta
card-brand = Marca de la tarjeta: { $brand }
card-expiry-label = Fecha de vencimiento
card-expiry-hint = MM/YY (mes/año)
card-name-label = Nombre que aparece en la tarjeta

## Campos de la cuenta bancaria

routing-label = Número de ruta (routing number)
routing-hint = 9 dígitos, en la parte inferior izquierda de un cheque
account-label = Número de cuenta
account-confirm-label = Confirme el número de cuenta
account-type-legend = Tipo de cuenta
account-type-checking = Cuenta de cheques
account-type-savings = Cuenta de ahorros
holder-name-label = Nombre del titular de la cuenta

## Campos comunes y acciones

postal-code-label = Código postal (ZIP)
submit = Agregar cuenta
submitting = Verificando su cuenta…
cancel = Cancelar
cancel-confirm-title = ¿Desea cancelar el registro de su cuenta?
cancel-confirm-body = Ya no podrá continuar con este enlace.
cancel-confirm-yes = Sí, cancelar
cancel-confirm-no = No, continuar

## Errores de validación

error-required = Este campo es obligatorio.
error-card-length = Ingrese el número completo de la tarjeta (de 12 a 19 dígitos).
error-card-checksum = Este número de tarjeta no es válido. Revise que no tenga errores de escritura.
error-card-brand = Aceptamos tarjetas de débito Visa, Mastercard, American Express y Discover.
error-expiry-format = Ingrese la fecha en formato MM/YY (mes/año).
error-expiry-past = Esta tarjeta está vencida.
error-routing-length = Ingrese un número de ruta de 9 dígitos.
error-routing-checksum = Este número de ruta no es válido. Revise que no tenga errores de escritura.
error-account-number = Ingrese un número de cuenta de 4 a 17 dígitos.
error-account-mismatch = Los números de cuenta no coinciden.
error-postal-code = Ingrese un código postal (ZIP) de 5 dígitos o en formato ZIP+4.
error-name = Ingrese el nombre tal como aparece en la cuenta.
error-summary =
    { $count ->
        [one] Hay { $count } problema en el formulario.
       *[other] Hay { $count } problemas en el formulario.
    }

## Resultados

success-title = Cuenta agregada
success-card = Su tarjeta que termina en { $last4 } ya puede recibir pagos.
success-bank = Su cuenta bancaria que termina en { $last4 } ya puede recibir pagos.
review-title = Estamos revisando su cuenta
review-body = Su cuenta que termina en { $last4 } está verificada. El remitente la está revisando; suele tardar unos segundos. Mantenga esta ventana abierta.
stopped-title = Esta cuenta no fue aceptada
stopped-body = El remitente no aceptó esta cuenta y no se guardó. Puede cerrar esta ventana.
verification-failed-title = No pudimos verificar esta cuenta
verification-failed-body = El nombre o el código postal no coinciden con los datos que tiene registrados el remitente.
attempts-remaining =
    { $attempts ->
        [one] Le queda { $attempts } intento.
       *[other] Le quedan { $attempts } intentos.
    }
try-again = Intentar de nuevo
max-attempts-title = Demasiados intentos
max-attempts-body = Por su seguridad, esta sesión terminó. Comuníquese con el remitente para comenzar de nuevo.
terminal-failure-title = No pudimos agregar esta cuenta
terminal-failure-body = Esta cuenta no puede recibir pagos. Comuníquese con el remitente para obtener ayuda.
canceled-title = Cancelado
canceled-body = No agregó ninguna cuenta. Puede cerrar esta ventana.
expired-title = Este enlace venció
expired-body = Por su seguridad, este enlace solo funciona por poco tiempo. Pídale uno nuevo al remitente.
expired-body-embedded = Por su seguridad, este formulario solo se puede abrir por poco tiempo. Vuelva a cargar esta página para comenzar de nuevo.
bound-title = Abierto en otro navegador
bound-body = Esta sesión ya se abrió en otro navegador o dispositivo. Continúe allí o pídale un enlace nuevo al remitente.
not-mountable-title = Esta sesión terminó
not-mountable-body = Esta sesión ya no se puede usar. Comuníquese con el remitente si todavía necesita agregar una cuenta.
network-error = No pudimos conectarnos con el servidor. Revise su conexión e intente de nuevo.
return-button = Volver a { $host }
