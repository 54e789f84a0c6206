# capture-frame — صفحهٔ میزبانی‌شده برای ثبت حساب دریافت وجه.
# ترجمه از en-US (زبان مبدأ). متغیرها: $brand، $host، $last4، $attempts، $count

## صفحه

page-title = افزودن حساب دریافت وجه
loading = در حال بارگیری فرم امن…
secure-note = اطلاعات شما رمزگذاری و به‌صورت امن ارسال می‌شود.
method-legend = مایلید وجه را چگونه دریافت کنید؟
method-debit = کارت دبیت (کارت بانکی)
method-ach = حساب بانکی

## فیلدهای کارت دبیت

card-number-label = شماره کارت
card-brand = نوع کارت: { $brand }
card-expiry-label = تاریخ انقضا
card-expiry-hint = MM/YY (ماه/سال)
card-name-label = نام روی کارت

## فیلدهای حساب بانکی

routing-label = شماره مسیریابی بانک (ABA)
routing-hint = ۹ رقم، در پایین سمت چپ چک
account-label = شماره حساب
account-confirm-label = تأیید شماره حساب
account-type-legend = نوع حساب
account-type-checking = حساب جاری
account-type-savings = حساب پس‌انداز
holder-name-label = نام صاحب حساب

## فیلدها و اقدامات مشترک

postal-code-label = کد پستی (ZIP)
submit = افزودن حساب
submitting = در حال تأیید حساب شما…
cancel = لغو
cancel-confirm-title = افزودن حساب لغو شود؟
cancel-confirm-body = پس از لغو، دیگر نمی‌توانید با این پیوند ادامه دهید.
cancel-confirm-yes = بله، لغو شود
cancel-confirm-no = خیر، ادامه می‌دهم

## خطاهای اعتبارسنجی

error-required = تکمیل این فیلد الزامی است.
error-card-length = لطفاً شماره کامل کارت را وارد کنید (۱۲ تا ۱۹ رقم).
error-card-checksum = این شماره کارت معتبر نیست. لطفاً آن را از نظر اشتباه تایپی بررسی کنید.
error-card-brand = کارت‌های دبیت Visa، Mastercard، American Express و Discover پذیرفته می‌شوند.
error-expiry-format = لطفاً تاریخ را در قالب MM/YY (ماه/سال) وارد کنید.
error-expiry-past = اعتبار این کارت به پایان رسیده است.
error-routing-length = لطفاً یک شماره مسیریابی ۹ رقمی وارد کنید.
error-routing-checksum = این شماره مسیریابی معتبر نیست. لطفاً آن را از نظر اشتباه تایپی بررسی کنید.
error-account-number = لطفاً شماره حسابی بین ۴ تا ۱۷ رقم وارد کنید.
error-account-mismatch = شماره‌های حساب با هم مطابقت ندارند.
error-postal-code = لطفاً یک کد پستی (ZIP) ۵ رقمی یا کد ZIP+4 وارد کنید.
error-name = لطفاً نام را دقیقاً همان‌طور که در حساب ثبت شده است وارد کنید.
error-summary =
    { $count ->
        [one] فرم { $count } مشکل دارد.
       *[other] فرم { $count } مشکل دارد.
    }

## نتایج

success-title = حساب اضافه شد
success-card = کارت شما با شمارهٔ پایانی { $last4 } اکنون آمادهٔ دریافت وجه است.
success-bank = حساب بانکی شما با شمارهٔ پایانی { $last4 } اکنون آمادهٔ دریافت وجه است.
review-title = در حال بررسی حساب شما هستیم
review-body = حساب شما با پایان { $last4 } تأیید شد. فرستنده در حال بررسی آن است؛ معمولاً چند ثانیه طول می‌کشد. این پنجره را باز نگه دارید.
stopped-title = این حساب پذیرفته نشد
stopped-body = فرستنده این حساب را نپذیرفت و حساب ذخیره نشد. می‌توانید این پنجره را ببندید.
verification-failed-title = تأیید این حساب ممکن نشد
verification-failed-body = نام یا کد پستی با اطلاعات ثبت‌شده نزد پرداخت‌کننده مطابقت ندارد.
attempts-remaining =
    { $attempts ->
        [one] شما { $attempts } بار دیگر می‌توانید تلاش کنید.
       *[other] شما { $attempts } بار دیگر می‌توانید تلاش کنید.
    }
try-again = تلاش دوباره
max-attempts-title = تعداد تلاش‌ها بیش از حد مجاز است
max-attempts-body = برای حفظ امنیت شما، این نشست پایان یافت. برای شروع دوباره با پرداخت‌کننده تماس بگیرید.
terminal-failure-title = افزودن این حساب ممکن نشد
terminal-failure-body = این حساب نمی‌تواند وجه دریافت کند. برای راهنمایی با پرداخت‌کننده تماس بگیرید.
canceled-title = لغو شد
canceled-body = حسابی اضافه نکردید. اکنون می‌توانید این پنجره را ببندید.
expired-title = این پیوند منقضی شده است
expired-body = برای حفظ امنیت شما، این پیوند فقط برای مدت کوتاهی معتبر است. پیوند جدیدی از پرداخت‌کننده درخواست کنید.
expired-body-embedded = برای حفظ امنیت شما، این فرم فقط برای مدت کوتاهی باز می‌شود. برای شروع دوباره، این صفحه را دوباره بارگیری کنید.
bound-title = در مرورگر دیگری باز شده است
bound-body = این نشست قبلاً در مرورگر یا دستگاه دیگری باز شده است. در همان‌جا ادامه دهید یا پیوند جدیدی از پرداخت‌کننده درخواست کنید.
not-mountable-title = این نشست پایان یافته است
not-mountable-body = دیگر نمی‌توان از این نشست استفاده کرد. اگر هنوز باید حسابی اضافه کنید، با پرداخت‌کننده تماس بگیرید.
network-error = ارتباط با سرور برقرار نشد. اتصال اینترنت خود را بررسی کنید و دوباره تلاش کنید.
return-button = بازگشت به { $host }
