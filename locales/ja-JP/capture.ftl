# capture-frame — 受取口座を登録するためのホスト型ページ。
# en-US（ソース言語）からの翻訳。変数: $brand, $host, $last4, $attempts, $count

## ページ

page-title = 受取口座の登録
loading = 安全なフォームを読み込んでいます…
secure-note = 入力された情報は暗号化され、安全に送信されます。
method-legend = 受け取り方法を選択してください
method-debit = デビットカード
method-ach = 銀行口座

## デビットカードの項目

card-number-label = カード番号
card-brand = カードブランド：{ $brand }
card-expiry-label = 有効期限
card-expiry-hint = MM/YY（月/年）
card-name-label = カード名義人

## 銀行口座の項目

routing-label = ルーティング番号（ABA）
routing-hint = 9桁の番号（小切手の左下に記載）
account-label = 口座番号
account-confirm-label = 口座番号（確認用）
account-type-legend = 口座の種類
account-type-checking = 当座預金（Checking）
account-type-savings = 普通預金（Savings）
holder-name-label = 口座名義

## 共通の項目と操作

postal-code-label = 郵便番号（ZIPコード）
submit = 口座を登録
submitting = 口座を確認しています…
cancel = キャンセル
cancel-confirm-title = 口座の登録をキャンセルしますか？
cancel-confirm-body = キャンセルすると、このリンクから手続きを続行できなくなります。
cancel-confirm-yes = はい、キャンセルします
cancel-confirm-no = いいえ、続けます

## 入力エラー

error-required = この項目は必須です。
error-card-length = カード番号をすべて入力してください（12～19桁）。
error-card-checksum = このカード番号は無効です。入力内容に誤りがないかご確認ください。
error-card-brand = ご利用いただけるのは、Visa、Mastercard、American Express、Discoverのデビットカードです。
error-expiry-format = 有効期限をMM/YY（月/年）の形式で入力してください。
error-expiry-past = このカードは有効期限が切れています。
error-routing-length = 9桁のルーティング番号を入力してください。
error-routing-checksum = このルーティング番号は無効です。入力内容に誤りがないかご確認ください。
error-account-number = 4～17桁の口座番号を入力してください。
error-account-mismatch = 口座番号が一致しません。
error-postal-code = 5桁の郵便番号（ZIPコード）またはZIP+4形式で入力してください。
error-name = 口座に登録されているとおりに名義を入力してください。
error-summary =
    { $count ->
       *[other] フォームに{ $count }件の問題があります。
    }

## 結果

success-title = 口座を登録しました
success-card = 末尾が{ $last4 }のカードで入金を受け取れるようになりました。
success-bank = 末尾が{ $last4 }の銀行口座で入金を受け取れるようになりました。
review-title = 口座を確認しています
review-body = 末尾が{ $last4 }の口座は認証されました。現在、送金元が確認しています。通常は数秒で終わります。このウィンドウは開いたままにしてください。
stopped-title = この口座は承認されませんでした
stopped-body = 送金元はこの口座を承認しませんでした。口座は保存されていません。このウィンドウは閉じていただいてかまいません。
verification-failed-title = この口座を確認できませんでした
verification-failed-body = 名義または郵便番号が、送金元に登録されている情報と一致しません。
attempts-remaining =
    { $attempts ->
       *[other] あと{ $attempts }回お試しいただけます。
    }
try-again = もう一度試す
max-attempts-title = 試行回数の上限に達しました
max-attempts-body = セキュリティ保護のため、このセッションは終了しました。最初からやり直すには、送金元にお問い合わせください。
terminal-failure-title = この口座を登録できませんでした
terminal-failure-body = この口座では入金を受け取ることができません。送金元にお問い合わせください。
canceled-title = キャンセルしました
canceled-body = 口座は登録されていません。このウィンドウは閉じていただいてかまいません。
expired-title = このリンクは有効期限が切れています
expired-body = セキュリティ保護のため、このリンクは短時間のみ有効です。送金元に新しいリンクを依頼してください。
expired-body-embedded = セキュリティ保護のため、このフォームは短時間しか開けません。最初からやり直すには、このページを再読み込みしてください。
bound-title = 別のブラウザで開かれています
bound-body = このセッションはすでに別のブラウザまたはデバイスで開かれています。そちらで続行するか、送金元に新しいリンクを依頼してください。
not-mountable-title = このセッションは終了しました
not-mountable-body = このセッションは使用できなくなりました。引き続き口座の登録が必要な場合は、送金元にお問い合わせください。
network-error = サーバーに接続できませんでした。ネットワーク接続を確認して、もう一度お試しください。
return-button = 元のサイト（{ $host }）に戻る
