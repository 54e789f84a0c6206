# capture-frame — hosted payout-account capture page (zh-TW).

## 頁面

page-title = 新增收款帳戶
loading = 正在載入安全表單…
secure-note = 您的資料經過加密，並會以安全方式傳送。
method-legend = 您希望以哪種方式收款？
method-debit = 簽帳金融卡
method-ach = 銀行帳戶

## 簽帳金融卡欄位

card-number-label = 卡號
card-brand = 卡別：{ $brand }
card-expiry-label = 有效期限
card-expiry-hint = MM/YY（月/年）
card-name-label = 持卡人姓名

## 銀行帳戶欄位

routing-label = 銀行路由號碼（routing number）
routing-hint = 9 位數字，位於支票左下角
account-label = 帳號
account-confirm-label = 確認帳號
account-type-legend = 帳戶類型
account-type-checking = 支票帳戶
account-type-savings = 儲蓄帳戶
holder-name-label = 戶名

## 共用欄位與操作

postal-code-label = 郵遞區號（ZIP）
submit = 新增帳戶
submitting = 正在驗證您的帳戶…
cancel = 取消
cancel-confirm-title = 要取消新增帳戶嗎？
cancel-confirm-body = 取消後，您將無法再透過此連結繼續操作。
cancel-confirm-yes = 是，取消
cancel-confirm-no = 否，繼續

## 驗證錯誤

error-required = 此欄位為必填。
error-card-length = 請輸入完整卡號（12 至 19 位數字）。
error-card-checksum = 此卡號無效，請檢查是否有輸入錯誤。
error-card-brand = 我們接受 Visa、Mastercard、American Express 及 Discover 簽帳金融卡。
error-expiry-format = 請依 MM/YY（月/年）格式輸入日期。
error-expiry-past = 此卡已過期。
error-routing-length = 請輸入 9 位數的路由號碼。
error-routing-checksum = 此路由號碼無效，請檢查是否有輸入錯誤。
error-account-number = 請輸入 4 至 17 位數的帳號。
error-account-mismatch = 兩次輸入的帳號不一致。
error-postal-code = 請輸入 5 位數郵遞區號（ZIP）或 ZIP+4 格式的郵遞區號。
error-name = 請輸入與帳戶資料相符的姓名。
error-summary =
    { $count ->
       *[other] 表單中有 { $count } 個問題。
    }

## 結果

success-title = 已新增帳戶
success-card = 您末四碼為 { $last4 } 的卡片現已可接收款項。
success-bank = 您末四碼為 { $last4 } 的銀行帳戶現已可接收款項。
review-title = 正在審核您的帳戶
review-body = 末四碼為 { $last4 } 的帳戶已完成驗證，付款方正在審核，通常只需幾秒鐘。請保持此視窗開啟。
stopped-title = 此帳戶未獲接受
stopped-body = 付款方未接受此帳戶，帳戶資料也未儲存。您可以關閉此視窗。
verification-failed-title = 無法驗證此帳戶
verification-failed-body = 姓名或郵遞區號與付款方留存的資料不符。
attempts-remaining =
    { $attempts ->
       *[other] 您還有 { $attempts } 次嘗試機會。
    }
try-again = 再試一次
max-attempts-title = 嘗試次數過多
max-attempts-body = 為保障您的安全，此工作階段已結束。如需重新開始，請與付款方聯絡。
terminal-failure-title = 無法新增此帳戶
terminal-failure-body = 此帳戶無法接收款項。如需協助，請與付款方聯絡。
canceled-title = 已取消
canceled-body = 您未新增任何帳戶。您可以關閉此視窗。
expired-title = 此連結已過期
expired-body = 為保障您的安全，此連結僅在短時間內有效。請向付款方索取新的連結。
expired-body-embedded = 為保障您的安全，此表單只能在短時間內開啟。請重新載入此頁面以重新開始。
bound-title = 已在其他瀏覽器中開啟
bound-body = 此工作階段已在其他瀏覽器或裝置上開啟。請在該處繼續操作，或向付款方索取新的連結。
not-mountable-title = 此工作階段已結束
not-mountable-body = 此工作階段已無法使用。如果您仍需新增帳戶，請與付款方聯絡。
network-error = 無法連線至伺服器。請檢查您的網路連線，然後再試一次。
return-button = 返回 { $host }
