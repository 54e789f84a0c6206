# capture-frame — hosted payout-account capture page (zh-Hans).

## 页面

page-title = 添加收款账户
loading = 正在加载安全表单…
secure-note = 您的信息经过加密，将以安全方式传输。
method-legend = 您希望通过哪种方式收款？
method-debit = 借记卡
method-ach = 银行账户

## 借记卡字段

card-number-label = 卡号
card-brand = 卡组织：{ $brand }
card-expiry-label = 有效期
card-expiry-hint = MM/YY（月/年）
card-name-label = 持卡人姓名

## 银行账户字段

routing-label = 路由号码（routing number）
routing-hint = 9 位数字，位于支票左下角
account-label = 账号
account-confirm-label = 确认账号
account-type-legend = 账户类型
account-type-checking = 支票账户
account-type-savings = 储蓄账户
holder-name-label = 账户持有人姓名

## 通用字段和操作

postal-code-label = 邮政编码（ZIP）
submit = 添加账户
submitting = 正在验证您的账户…
cancel = 取消
cancel-confirm-title = 要取消添加账户吗？
cancel-confirm-body = 取消后，您将无法再通过此链接继续操作。
cancel-confirm-yes = 是，取消
cancel-confirm-no = 否，继续

## 验证错误

error-required = 此项为必填项。
error-card-length = 请输入完整卡号（12 至 19 位数字）。
error-card-checksum = 此卡号无效，请检查是否有输入错误。
error-card-brand = 我们接受 Visa、Mastercard、American Express 和 Discover 借记卡。
error-expiry-format = 请按 MM/YY（月/年）格式输入日期。
error-expiry-past = 此卡已过期。
error-routing-length = 请输入 9 位路由号码。
error-routing-checksum = 此路由号码无效，请检查是否有输入错误。
error-account-number = 请输入 4 至 17 位数字的账号。
error-account-mismatch = 两次输入的账号不一致。
error-postal-code = 请输入 5 位邮政编码（ZIP）或 ZIP+4 格式的邮政编码。
error-name = 请输入与账户信息一致的姓名。
error-summary =
    { $count ->
       *[other] 表单中有 { $count } 个问题。
    }

## 结果

success-title = 账户已添加
success-card = 您尾号为 { $last4 } 的卡现已可以接收款项。
success-bank = 您尾号为 { $last4 } 的银行账户现已可以接收款项。
review-title = 正在审核您的账户
review-body = 尾号为 { $last4 } 的账户已验证，付款方正在审核，通常只需几秒钟。请保持此窗口打开。
stopped-title = 此账户未被接受
stopped-body = 付款方未接受此账户，账户信息也未保存。您可以关闭此窗口。
verification-failed-title = 无法验证此账户
verification-failed-body = 姓名或邮政编码与付款方登记的信息不符。
attempts-remaining =
    { $attempts ->
       *[other] 您还有 { $attempts } 次尝试机会。
    }
try-again = 重试
max-attempts-title = 尝试次数过多
max-attempts-body = 为保障您的安全，本次会话已结束。如需重新开始，请联系付款方。
terminal-failure-title = 无法添加此账户
terminal-failure-body = 此账户无法接收款项。如需帮助，请联系付款方。
canceled-title = 已取消
canceled-body = 您未添加任何账户。您可以关闭此窗口。
expired-title = 此链接已过期
expired-body = 为保障您的安全，此链接仅在短时间内有效。请向付款方索取新链接。
expired-body-embedded = 为保障您的安全，此表单只能在短时间内打开。请重新加载此页面以重新开始。
bound-title = 已在其他浏览器中打开
bound-body = 此会话已在其他浏览器或设备上打开。请在该处继续操作，或向付款方索取新链接。
not-mountable-title = 此会话已结束
not-mountable-body = 此会话已无法使用。如果您仍需添加账户，请联系付款方。
network-error = 无法连接到服务器。请检查您的网络连接，然后重试。
return-button = 返回 { $host }
