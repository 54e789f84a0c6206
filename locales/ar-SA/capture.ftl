# capture-frame — صفحة مستضافة لإضافة حساب استلام الدفعات.
# مترجمة من en-US (اللغة المصدر). المتغيرات: $brand و$host و$last4 و$attempts و$count.

## الصفحة

page-title = إضافة حساب لاستلام الدفعات
loading = جارٍ تحميل النموذج الآمن…
secure-note = تُشفَّر بياناتك وتُرسَل بشكل آمن.
method-legend = كيف تفضّل استلام دفعاتك؟
method-debit = بطاقة خصم مباشر
method-ach = حساب بنكي

## حقول بطاقة الخصم المباشر

card-number-label = رقم البطاقة
card-brand = نوع البطاقة: { $brand }
card-expiry-label = تاريخ انتهاء الصلاحية
card-expiry-hint = MM/YY (شهر/سنة)
card-name-label = الاسم على البطاقة

## حقول الحساب البنكي

routing-label = رقم التوجيه البنكي (ABA)
routing-hint = ٩ أرقام، في أسفل يسار الشيك
account-label = رقم الحساب
account-confirm-label = تأكيد رقم الحساب
account-type-legend = نوع الحساب
account-type-checking = حساب جارٍ
account-type-savings = حساب توفير
holder-name-label = اسم صاحب الحساب

## الحقول والإجراءات المشتركة

postal-code-label = الرمز البريدي (ZIP)
submit = إضافة الحساب
submitting = جارٍ التحقق من حسابك…
cancel = إلغاء
cancel-confirm-title = هل تريد إلغاء إضافة حسابك؟
cancel-confirm-body = لن تتمكن من المتابعة باستخدام هذا الرابط بعد ذلك.
cancel-confirm-yes = نعم، إلغاء
cancel-confirm-no = لا، متابعة

## أخطاء التحقق

error-required = هذا الحقل مطلوب.
error-card-length = يُرجى إدخال رقم البطاقة كاملًا (من ١٢ إلى ١٩ رقمًا).
error-card-checksum = رقم البطاقة هذا غير صالح. يُرجى التحقق من عدم وجود أخطاء في الكتابة.
error-card-brand = نقبل بطاقات الخصم المباشر من Visa وMastercard وAmerican Express وDiscover.
error-expiry-format = يُرجى إدخال التاريخ بالتنسيق MM/YY (شهر/سنة).
error-expiry-past = انتهت صلاحية هذه البطاقة.
error-routing-length = يُرجى إدخال رقم توجيه مكوّن من ٩ أرقام.
error-routing-checksum = رقم التوجيه هذا غير صالح. يُرجى التحقق من عدم وجود أخطاء في الكتابة.
error-account-number = يُرجى إدخال رقم حساب مكوّن من ٤ إلى ١٧ رقمًا.
error-account-mismatch = رقما الحساب غير متطابقين.
error-postal-code = يُرجى إدخال رمز بريدي (ZIP) مكوّن من ٥ أرقام أو بتنسيق ZIP+4.
error-name = يُرجى إدخال الاسم كما يظهر في الحساب.
error-summary =
    { $count ->
        [zero] لا توجد أي مشكلات في النموذج.
        [one] توجد مشكلة واحدة في النموذج.
        [two] توجد مشكلتان في النموذج.
        [few] توجد { $count } مشكلات في النموذج.
        [many] توجد { $count } مشكلة في النموذج.
       *[other] توجد { $count } مشكلة في النموذج.
    }

## النتائج

success-title = تمت إضافة الحساب
success-card = بطاقتك المنتهية بالأرقام { $last4 } جاهزة الآن لاستلام الدفعات.
success-bank = حسابك البنكي المنتهي بالأرقام { $last4 } جاهز الآن لاستلام الدفعات.
review-title = نراجع حسابك الآن
review-body = تم التحقق من حسابك المنتهي بالأرقام { $last4 }. تراجعه الجهة المرسِلة الآن، ويستغرق ذلك عادةً بضع ثوانٍ. أبقِ هذه النافذة مفتوحة.
stopped-title = لم يُقبَل هذا الحساب
stopped-body = لم تقبل الجهة المرسِلة هذا الحساب، ولم يُحفَظ. يمكنك إغلاق هذه النافذة.
verification-failed-title = تعذّر علينا التحقق من هذا الحساب
verification-failed-body = الاسم أو الرمز البريدي لا يطابق البيانات المسجَّلة لدى الجهة المرسِلة.
attempts-remaining =
    { $attempts ->
        [zero] لم تتبقَّ لديك أي محاولات.
        [one] تبقّت لديك محاولة واحدة.
        [two] تبقّت لديك محاولتان.
        [few] تبقّت لديك { $attempts } محاولات.
        [many] تبقّت لديك { $attempts } محاولة.
       *[other] تبقّت لديك { $attempts } محاولة.
    }
try-again = إعادة المحاولة
max-attempts-title = تجاوزت الحد المسموح به من المحاولات
max-attempts-body = حرصًا على أمانك، انتهت هذه الجلسة. يُرجى التواصل مع الجهة المرسِلة للبدء من جديد.
terminal-failure-title = تعذّرت إضافة هذا الحساب
terminal-failure-body = لا يمكن لهذا الحساب استلام الدفعات. يُرجى التواصل مع الجهة المرسِلة للحصول على المساعدة.
canceled-title = تم الإلغاء
canceled-body = لم تُضِف أي حساب. يمكنك إغلاق هذه النافذة.
expired-title = انتهت صلاحية هذا الرابط
expired-body = حرصًا على أمانك، لا يعمل هذا الرابط إلا لفترة قصيرة. يُرجى طلب رابط جديد من الجهة المرسِلة.
expired-body-embedded = حرصًا على أمانك، لا يمكن فتح هذا النموذج إلا لفترة قصيرة. يُرجى إعادة تحميل هذه الصفحة للبدء من جديد.
bound-title = تم فتح الجلسة في متصفح آخر
bound-body = سبق فتح هذه الجلسة في متصفح أو جهاز آخر. تابِع من هناك، أو اطلب رابطًا جديدًا من الجهة المرسِلة.
not-mountable-title = انتهت هذه الجلسة
not-mountable-body = لم يعد بالإمكان استخدام هذه الجلسة. إذا كنت لا تزال بحاجة إلى إضافة حساب، فيُرجى التواصل مع الجهة المرسِلة.
network-error = تعذّر الاتصال بالخادم. يُرجى التحقق من اتصالك بالإنترنت والمحاولة مرة أخرى.
return-button = العودة إلى { $host }
