# capture-frame — hosted payout-account capture page (vi-VN).

## Trang

page-title = Thêm tài khoản nhận tiền
loading = Đang tải biểu mẫu bảo mật…
secure-note = Thông tin của Quý khách được mã hóa và gửi đi an toàn.
method-legend = Quý khách muốn nhận tiền bằng hình thức nào?
method-debit = Thẻ ghi nợ
method-ach = Tài khoản ngân hàng

## Các trường thẻ ghi nợ

card-number-label = Số thẻ
card-brand = Loại thẻ: { $brand }
card-expiry-label = Ngày hết hạn
card-expiry-hint = MM/YY (tháng/năm)
card-name-label = Tên in trên thẻ

## Các trường tài khoản ngân hàng

routing-label = Số định tuyến (routing number)
routing-hint = 9 chữ số, nằm ở góc dưới bên trái của séc
account-label = Số tài khoản
account-confirm-label = Xác nhận số tài khoản
account-type-legend = Loại tài khoản
account-type-checking = Tài khoản thanh toán
account-type-savings = Tài khoản tiết kiệm
holder-name-label = Tên chủ tài khoản

## Các trường và thao tác chung

postal-code-label = Mã bưu chính (ZIP)
submit = Thêm tài khoản
submitting = Đang xác minh tài khoản của Quý khách…
cancel = Hủy
cancel-confirm-title = Hủy việc thêm tài khoản?
cancel-confirm-body = Quý khách sẽ không thể tiếp tục bằng đường liên kết này.
cancel-confirm-yes = Có, hủy
cancel-confirm-no = Không, tiếp tục

## Lỗi xác thực dữ liệu

error-required = Đây là trường bắt buộc.
error-card-length = Vui lòng nhập đầy đủ số thẻ (từ 12 đến 19 chữ số).
error-card-checksum = Số thẻ này không hợp lệ. Vui lòng kiểm tra lỗi đánh máy.
error-card-brand = Chúng tôi chấp nhận thẻ ghi nợ Visa, Mastercard, American Express và Discover.
error-expiry-format = Vui lòng nhập ngày theo định dạng MM/YY (tháng/năm).
error-expiry-past = Thẻ này đã hết hạn.
error-routing-length = Vui lòng nhập số định tuyến gồm 9 chữ số.
error-routing-checksum = Số định tuyến này không hợp lệ. Vui lòng kiểm tra lỗi đánh máy.
error-account-number = Vui lòng nhập số tài khoản gồm từ 4 đến 17 chữ số.
error-account-mismatch = Số tài khoản không khớp.
error-postal-code = Vui lòng nhập mã bưu chính (ZIP) gồm 5 chữ số hoặc theo dạng ZIP+4.
error-name = Vui lòng nhập tên đúng như trên tài khoản.
error-summary =
    { $count ->
       *[other] Biểu mẫu có { $count } lỗi.
    }

## Kết quả

success-title = Đã thêm tài khoản
success-card = Thẻ có số cuối { $last4 } của Quý khách đã sẵn sàng nhận tiền.
success-bank = Tài khoản ngân hàng có số cuối { $last4 } của Quý khách đã sẵn sàng nhận tiền.
review-title = Chúng tôi đang xem xét tài khoản của bạn
review-body = Tài khoản của bạn có số cuối { $last4 } đã được xác minh. Người gửi đang xem xét; việc này thường chỉ mất vài giây. Vui lòng giữ cửa sổ này mở.
stopped-title = Tài khoản này không được chấp nhận
stopped-body = Người gửi không chấp nhận tài khoản này và tài khoản chưa được lưu. Bạn có thể đóng cửa sổ này.
verification-failed-title = Chúng tôi không thể xác minh tài khoản này
verification-failed-body = Tên hoặc mã bưu chính (ZIP) không khớp với thông tin mà bên chi trả đã lưu.
attempts-remaining =
    { $attempts ->
       *[other] Quý khách còn { $attempts } lần thử.
    }
try-again = Thử lại
max-attempts-title = Quá nhiều lần thử
max-attempts-body = Để bảo mật, phiên này đã kết thúc. Vui lòng liên hệ bên chi trả để bắt đầu lại.
terminal-failure-title = Chúng tôi không thể thêm tài khoản này
terminal-failure-body = Tài khoản này không thể nhận tiền. Vui lòng liên hệ bên chi trả để được hỗ trợ.
canceled-title = Đã hủy
canceled-body = Quý khách chưa thêm tài khoản nào. Quý khách có thể đóng cửa sổ này.
expired-title = Đường liên kết này đã hết hạn
expired-body = Để bảo mật, đường liên kết này chỉ có hiệu lực trong thời gian ngắn. Vui lòng đề nghị bên chi trả gửi đường liên kết mới.
expired-body-embedded = Để bảo mật, biểu mẫu này chỉ mở được trong thời gian ngắn. Vui lòng tải lại trang này để bắt đầu lại.
bound-title = Đã mở trong trình duyệt khác
bound-body = Phiên này đã được mở trong một trình duyệt hoặc thiết bị khác. Vui lòng tiếp tục ở đó hoặc đề nghị bên chi trả gửi đường liên kết mới.
not-mountable-title = Phiên này đã kết thúc
not-mountable-body = Phiên này không còn sử dụng được. Vui lòng liên hệ bên chi trả nếu Quý khách vẫn cần thêm tài khoản.
network-error = Không thể kết nối với máy chủ. Vui lòng kiểm tra kết nối mạng và thử lại.
return-button = Quay lại { $host }
