# capture-frame — hosted payout-account capture page (pt-BR).

## Página

page-title = Adicionar conta para recebimento
loading = Carregando formulário seguro…
secure-note = Seus dados são criptografados e enviados com segurança.
method-legend = Como você gostaria de receber?
method-debit = Cartão de débito
method-ach = Conta bancária

## Campos do cartão de débito

card-number-label = Número do cartão
card-brand = Bandeira do cartão: { $brand }
card-expiry-label = Data de validade
card-expiry-hint = MM/YY (mês/ano)
card-name-label = Nome impresso no cartão

## Campos da conta bancária

routing-label = Número de roteamento (routing number)
routing-hint = 9 dígitos, no canto inferior esquerdo do cheque
account-label = Número da conta
account-confirm-label = Confirme o número da conta
account-type-legend = Tipo de conta
account-type-checking = Conta corrente
account-type-savings = Conta poupança
holder-name-label = Nome do titular da conta

## Campos comuns e ações

postal-code-label = Código postal (ZIP)
submit = Adicionar conta
submitting = Verificando sua conta…
cancel = Cancelar
cancel-confirm-title = Cancelar a inclusão da sua conta?
cancel-confirm-body = Você não poderá continuar usando este link.
cancel-confirm-yes = Sim, cancelar
cancel-confirm-no = Não, continuar

## Erros de validação

error-required = Este campo é obrigatório.
error-card-length = Informe o número completo do cartão (de 12 a 19 dígitos).
error-card-checksum = Este número de cartão não é válido. Verifique se há erros de digitação.
error-card-brand = Aceitamos cartões de débito Visa, Mastercard, American Express e Discover.
error-expiry-format = Informe a data no formato MM/YY (mês/ano).
error-expiry-past = Este cartão está vencido.
error-routing-length = Informe um número de roteamento de 9 dígitos.
error-routing-checksum = Este número de roteamento não é válido. Verifique se há erros de digitação.
error-account-number = Informe um número de conta com 4 a 17 dígitos.
error-account-mismatch = Os números de conta não coincidem.
error-postal-code = Informe um código postal (ZIP) de 5 dígitos ou no formato ZIP+4.
error-name = Informe o nome exatamente como consta na conta.
error-summary =
    { $count ->
        [one] Há { $count } problema no formulário.
        [many] Há { $count } problemas no formulário.
       *[other] Há { $count } problemas no formulário.
    }

## Resultados

success-title = Conta adicionada
success-card = Seu cartão com final { $last4 } está pronto para receber pagamentos.
success-bank = Sua conta bancária com final { $last4 } está pronta para receber pagamentos.
review-title = Estamos analisando sua conta
review-body = Sua conta com final { $last4 } foi verificada. O remetente está analisando; isso costuma levar alguns segundos. Mantenha esta janela aberta.
stopped-title = Esta conta não foi aceita
stopped-body = O remetente não aceitou esta conta, e ela não foi salva. Você pode fechar esta janela.
verification-failed-title = Não foi possível verificar esta conta
verification-failed-body = O nome ou o código postal não corresponde aos dados cadastrados pelo pagador.
attempts-remaining =
    { $attempts ->
        [one] Resta { $attempts } tentativa.
        [many] Restam { $attempts } tentativas.
       *[other] Restam { $attempts } tentativas.
    }
try-again = Tentar novamente
max-attempts-title = Número de tentativas excedido
max-attempts-body = Para sua segurança, esta sessão foi encerrada. Entre em contato com o pagador para recomeçar.
terminal-failure-title = Não foi possível adicionar esta conta
terminal-failure-body = Esta conta não pode receber pagamentos. Entre em contato com o pagador para obter ajuda.
canceled-title = Cancelado
canceled-body = Nenhuma conta foi adicionada. Você já pode fechar esta janela.
expired-title = Este link expirou
expired-body = Para sua segurança, este link é válido apenas por pouco tempo. Solicite um novo link ao pagador.
expired-body-embedded = Para sua segurança, este formulário só pode ser aberto por pouco tempo. Recarregue esta página para começar de novo.
bound-title = Aberto em outro navegador
bound-body = Esta sessão já foi aberta em outro navegador ou dispositivo. Continue por lá ou solicite um novo link ao pagador.
not-mountable-title = Esta sessão foi encerrada
not-mountable-body = Esta sessão não pode mais ser usada. Se ainda precisar adicionar uma conta, entre em contato com o pagador.
network-error = Não foi possível conectar ao servidor. Verifique sua conexão e tente novamente.
return-button = Voltar para { $host }
