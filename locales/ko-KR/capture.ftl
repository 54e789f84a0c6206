# capture-frame — hosted payout-account capture page (ko-KR).

## 페이지

page-title = 지급 계좌 추가
loading = 보안 양식을 불러오는 중…
secure-note = 입력하신 정보는 암호화되어 안전하게 전송됩니다.
method-legend = 어떤 방법으로 지급받으시겠습니까?
method-debit = 직불카드
method-ach = 은행 계좌

## 직불카드 입력란

card-number-label = 카드 번호
card-brand = 카드 브랜드: { $brand }
card-expiry-label = 유효기간
card-expiry-hint = MM/YY(월/년)
card-name-label = 카드 명의자 이름

## 은행 계좌 입력란

routing-label = 라우팅 번호(ABA)
routing-hint = 9자리 숫자이며 수표 왼쪽 하단에 있습니다
account-label = 계좌번호
account-confirm-label = 계좌번호 확인
account-type-legend = 계좌 유형
account-type-checking = 입출금 계좌(Checking)
account-type-savings = 저축 계좌(Savings)
holder-name-label = 예금주 이름

## 공통 입력란 및 작업

postal-code-label = 우편번호(ZIP)
submit = 계좌 추가
submitting = 계좌를 확인하는 중…
cancel = 취소
cancel-confirm-title = 계좌 추가를 취소하시겠습니까?
cancel-confirm-body = 취소하시면 이 링크로 더 이상 진행하실 수 없습니다.
cancel-confirm-yes = 예, 취소합니다
cancel-confirm-no = 아니요, 계속 진행합니다

## 유효성 검사 오류

error-required = 필수 입력 항목입니다.
error-card-length = 카드 번호 전체(12~19자리)를 입력해 주세요.
error-card-checksum = 유효하지 않은 카드 번호입니다. 오타가 없는지 확인해 주세요.
error-card-brand = Visa, Mastercard, American Express, Discover 직불카드만 사용하실 수 있습니다.
error-expiry-format = 날짜를 MM/YY(월/년) 형식으로 입력해 주세요.
error-expiry-past = 유효기간이 지난 카드입니다.
error-routing-length = 9자리 라우팅 번호를 입력해 주세요.
error-routing-checksum = 유효하지 않은 라우팅 번호입니다. 오타가 없는지 확인해 주세요.
error-account-number = 4~17자리 계좌번호를 입력해 주세요.
error-account-mismatch = 계좌번호가 일치하지 않습니다.
error-postal-code = 5자리 우편번호(ZIP) 또는 ZIP+4 형식으로 입력해 주세요.
error-name = 계좌에 등록된 이름과 동일하게 입력해 주세요.
error-summary =
    { $count ->
       *[other] 입력 양식에 문제가 { $count }건 있습니다.
    }

## 결과

success-title = 계좌가 추가되었습니다
success-card = 끝자리가 { $last4 }인 카드로 이제 지급금을 받으실 수 있습니다.
success-bank = 끝자리가 { $last4 }인 은행 계좌로 이제 지급금을 받으실 수 있습니다.
review-title = 계좌를 검토하고 있습니다
review-body = 끝자리가 { $last4 }인 계좌가 인증되었습니다. 지금 송금인이 검토하고 있으며 보통 몇 초면 끝납니다. 이 창을 열어 두세요.
stopped-title = 이 계좌는 승인되지 않았습니다
stopped-body = 송금인이 이 계좌를 승인하지 않았으며 계좌는 저장되지 않았습니다. 이 창을 닫으셔도 됩니다.
verification-failed-title = 계좌를 확인하지 못했습니다
verification-failed-body = 이름 또는 우편번호가 지급처에 등록된 정보와 일치하지 않습니다.
attempts-remaining =
    { $attempts ->
       *[other] 앞으로 { $attempts }회 더 시도하실 수 있습니다.
    }
try-again = 다시 시도
max-attempts-title = 시도 횟수 초과
max-attempts-body = 보안을 위해 이 세션이 종료되었습니다. 처음부터 다시 진행하시려면 지급처에 문의해 주세요.
terminal-failure-title = 계좌를 추가하지 못했습니다
terminal-failure-body = 이 계좌로는 지급금을 받을 수 없습니다. 지급처에 도움을 요청해 주세요.
canceled-title = 취소됨
canceled-body = 계좌가 추가되지 않았습니다. 이 창을 닫으셔도 됩니다.
expired-title = 링크가 만료되었습니다
expired-body = 보안을 위해 이 링크는 짧은 시간 동안만 유효합니다. 지급처에 새 링크를 요청해 주세요.
expired-body-embedded = 보안을 위해 이 양식은 짧은 시간 동안만 열 수 있습니다. 다시 시작하려면 이 페이지를 새로고침해 주세요.
bound-title = 다른 브라우저에서 열린 세션
bound-body = 이 세션은 이미 다른 브라우저나 기기에서 열렸습니다. 해당 브라우저나 기기에서 계속 진행하시거나 지급처에 새 링크를 요청해 주세요.
not-mountable-title = 세션이 종료되었습니다
not-mountable-body = 이 세션은 더 이상 사용할 수 없습니다. 계좌를 추가해야 하는 경우 지급처에 문의해 주세요.
network-error = 서버에 연결할 수 없습니다. 인터넷 연결을 확인한 후 다시 시도해 주세요.
return-button = 이전 사이트({ $host })로 돌아가기
