# capture-frame — hosted payout-account capture page (tr-TR).

## Sayfa

page-title = Ödeme alacağınız hesabı ekleyin
loading = Güvenli form yükleniyor…
secure-note = Bilgileriniz şifrelenir ve güvenli bir şekilde gönderilir.
method-legend = Ödemeyi nasıl almak istersiniz?
method-debit = Banka kartı
method-ach = Banka hesabı

## Banka kartı alanları

card-number-label = Kart numarası
card-brand = Kart markası: { $brand }
card-expiry-label = Son kullanma tarihi
card-expiry-hint = MM/YY (ay/yıl)
card-name-label = Kart üzerindeki ad soyad

## Banka hesabı alanları

routing-label = Yönlendirme numarası (routing number)
routing-hint = 9 haneli, çekin sol alt köşesinde yer alır
account-label = Hesap numarası
account-confirm-label = Hesap numarasını onaylayın
account-type-legend = Hesap türü
account-type-checking = Vadesiz hesap
account-type-savings = Tasarruf hesabı
holder-name-label = Hesap sahibinin adı

## Ortak alanlar ve işlemler

postal-code-label = Posta kodu (ZIP)
submit = Hesabı ekle
submitting = Hesabınız doğrulanıyor…
cancel = İptal
cancel-confirm-title = Hesap ekleme işlemi iptal edilsin mi?
cancel-confirm-body = Bu bağlantıyla devam edemeyeceksiniz.
cancel-confirm-yes = Evet, iptal et
cancel-confirm-no = Hayır, devam et

## Doğrulama hataları

error-required = Bu alanın doldurulması zorunludur.
error-card-length = Kart numarasının tamamını girin (12–19 hane).
error-card-checksum = Bu kart numarası geçerli değil. Yazım hatası olup olmadığını kontrol edin.
error-card-brand = Visa, Mastercard, American Express ve Discover banka kartlarını kabul ediyoruz.
error-expiry-format = Tarihi MM/YY (ay/yıl) biçiminde girin.
error-expiry-past = Bu kartın süresi dolmuş.
error-routing-length = 9 haneli yönlendirme numarasını girin.
error-routing-checksum = Bu yönlendirme numarası geçerli değil. Yazım hatası olup olmadığını kontrol edin.
error-account-number = 4 ila 17 haneli bir hesap numarası girin.
error-account-mismatch = Hesap numaraları eşleşmiyor.
error-postal-code = 5 haneli posta kodu (ZIP) veya ZIP+4 girin.
error-name = Adı, hesapta göründüğü şekilde girin.
error-summary =
    { $count ->
        [one] Formda { $count } sorun var.
       *[other] Formda { $count } sorun var.
    }

## Sonuçlar

success-title = Hesap eklendi
success-card = Sonu { $last4 } ile biten kartınız ödeme almaya hazır.
success-bank = Sonu { $last4 } ile biten banka hesabınız ödeme almaya hazır.
review-title = Hesabınızı inceliyoruz
review-body = { $last4 } ile biten hesabınız doğrulandı. Gönderen şu anda hesabı inceliyor; bu genellikle birkaç saniye sürer. Bu pencereyi açık tutun.
stopped-title = Bu hesap kabul edilmedi
stopped-body = Gönderen bu hesabı kabul etmedi ve hesap kaydedilmedi. Bu pencereyi kapatabilirsiniz.
verification-failed-title = Bu hesap doğrulanamadı
verification-failed-body = Ad veya posta kodu, göndericinin kayıtlarındaki bilgilerle eşleşmiyor.
attempts-remaining =
    { $attempts ->
        [one] Kalan deneme hakkınız: { $attempts }.
       *[other] Kalan deneme hakkınız: { $attempts }.
    }
try-again = Tekrar deneyin
max-attempts-title = Çok fazla deneme yapıldı
max-attempts-body = Güvenliğiniz için bu oturum sonlandırıldı. Baştan başlamak için gönderici ile iletişime geçin.
terminal-failure-title = Bu hesap eklenemedi
terminal-failure-body = Bu hesap ödeme alamıyor. Yardım için gönderici ile iletişime geçin.
canceled-title = İptal edildi
canceled-body = Hesap eklemediniz. Bu pencereyi kapatabilirsiniz.
expired-title = Bu bağlantının süresi doldu
expired-body = Güvenliğiniz için bu bağlantı yalnızca kısa bir süre geçerlidir. Göndericiden yeni bir bağlantı isteyin.
expired-body-embedded = Güvenliğiniz için bu form yalnızca kısa bir süre açılabilir. Yeniden başlamak için bu sayfayı yenileyin.
bound-title = Başka bir tarayıcıda açıldı
bound-body = Bu oturum zaten başka bir tarayıcıda veya cihazda açıldı. Oradan devam edin ya da göndericiden yeni bir bağlantı isteyin.
not-mountable-title = Bu oturum sona erdi
not-mountable-body = Bu oturum artık kullanılamaz. Hâlâ hesap eklemeniz gerekiyorsa gönderici ile iletişime geçin.
network-error = Sunucuya ulaşılamadı. Bağlantınızı kontrol edip tekrar deneyin.
return-button = Geri dön: { $host }
