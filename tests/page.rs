//! The page's state machine, natively: every transition and the effects it asks for.
#![cfg(all(feature = "frame", not(target_arch = "wasm32")))]

use capture_frame::error::FrameError;
use capture_frame::page::{next, Call, CallFailure, Effect, Event, MountFailure, Outcome, State, POLL_MS, POLL_RETRY_MS};
use capture_protocol::api::ErrorData;
use capture_protocol::frame_api::{AccountSubmission, DecisionStatus, MountResponse, SubmitOutcome};
use capture_protocol::{ApiCode, FrameMessage, FundingDestination, LocaleCode, Origin, SessionId, SessionStatus, TextDirection};
use Effect::*;

fn mounted() -> MountResponse {
    MountResponse {
        session_identifier: SessionId::try_from("5cf34a7d-25b6-4400-b19d-53a171d324e1").unwrap(),
        locale: LocaleCode::try_from("ar-SA").unwrap(),
        dir: TextDirection::Rtl,
        parent_origin: Origin::try_from("http://localhost:8081").unwrap(),
        funding_destinations: vec![FundingDestination::Debit, FundingDestination::Ach],
        attempts_remaining: 3,
        max_attempts: 3,
        return_url: None,
        server_time: 1_700_000_000,
        session_expires_at: 1_700_003_600,
        appearance: Default::default(),
    }
}

fn card() -> AccountSubmission {
    AccountSubmission::Debit { card_number: "4242424242424242".into(), expiry: "12/30".into(), name: "Ada".into(), postal_code: "94107".into() }
}

fn api_error(code: ApiCode, status: Option<SessionStatus>) -> FrameError {
    FrameError::Api { code: code.number(), data: Some(ErrorData { error: code.name().into(), param: None, reason: None, session_status: status }) }
}

#[test]
fn mount_ok_loads_the_locale_then_shows_the_form_and_posts_ready_after_paint() {
    let resp = Box::new(mounted());
    let (s, fx) = next(&State::Mounting, Event::Mounted(resp.clone()));
    assert_eq!(s, State::Localizing);
    assert_eq!(fx, vec![StopGuard, Configure(resp), LoadLocale(LocaleCode::try_from("ar-SA").unwrap())]);
    // The locale actually spoken (en-US here: say the file could not be fetched).
    let (s, fx) = next(&s, Event::Localized { locale: LocaleCode::EN_US, dir: TextDirection::Ltr });
    assert_eq!(s, State::Form);
    assert_eq!(fx, vec![ShowForm, PostAfterPaint(FrameMessage::Ready { locale: LocaleCode::EN_US, dir: TextDirection::Ltr })]);
}

#[test]
fn mount_failures_each_have_their_screen_and_message() {
    let cases = [
        (MountFailure::Expired, Outcome::Expired, Some(FrameMessage::AuthorizedUrlExpired {})),
        (MountFailure::BoundToOtherDevice, Outcome::BoundToOtherDevice, Some(FrameMessage::BoundToOtherDevice {})),
        (
            MountFailure::NotMountable(SessionStatus::Completed),
            Outcome::NotMountable,
            Some(FrameMessage::SessionNotMountable { status: SessionStatus::Completed }),
        ),
        (MountFailure::Other("session_not_found"), Outcome::Error, Some(FrameMessage::TerminalFailure { code: "session_not_found".into() })),
        (MountFailure::Network, Outcome::Error, None),
    ];
    for (failure, outcome, message) in cases {
        let (s, fx) = next(&State::Mounting, Event::MountFailed(failure.clone()));
        assert_eq!(s, State::Done(outcome.clone()), "{failure:?}");
        let mut want = vec![StopGuard, ShowResult(outcome)];
        want.extend(message.map(Post));
        assert_eq!(fx, want, "{failure:?}");
    }
}

#[test]
fn mount_errors_map_from_api_codes() {
    assert_eq!(MountFailure::from_error(&api_error(ApiCode::AuthorizedUrlExpired, None)), MountFailure::Expired);
    assert_eq!(MountFailure::from_error(&api_error(ApiCode::BoundToOtherDevice, None)), MountFailure::BoundToOtherDevice);
    assert_eq!(
        MountFailure::from_error(&api_error(ApiCode::SessionNotMountable, Some(SessionStatus::Canceled))),
        MountFailure::NotMountable(SessionStatus::Canceled)
    );
    assert_eq!(MountFailure::from_error(&api_error(ApiCode::SessionNotFound, None)), MountFailure::Other("session_not_found"));
    assert_eq!(MountFailure::from_error(&FrameError::Api { code: 99999, data: None }), MountFailure::Other("internal"));
    assert_eq!(MountFailure::from_error(&FrameError::Network("offline".into())), MountFailure::Network);
}

#[test]
fn guard_expires_only_a_pending_mount() {
    let (s, fx) = next(&State::Mounting, Event::GuardElapsed);
    assert_eq!(s, State::Done(Outcome::Expired));
    assert_eq!(fx, vec![ShowResult(Outcome::Expired), Post(FrameMessage::AuthorizedUrlExpired {})]);
    // A mount answer that arrives after the guard fired changes nothing.
    assert_eq!(next(&s, Event::Mounted(Box::new(mounted()))), (s.clone(), vec![]));
    for st in [State::Localizing, State::Form, State::Submitting] {
        assert_eq!(next(&st, Event::GuardElapsed), (st.clone(), vec![]));
    }
}

#[test]
fn submit_sends_once_and_ignores_a_second_submit() {
    let (s, fx) = next(&State::Form, Event::Submit(card()));
    assert_eq!(s, State::Submitting);
    assert_eq!(fx, vec![SetBusy(true), Send(Call::Submit(card()))]);
    assert_eq!(next(&s, Event::Submit(card())), (State::Submitting, vec![]));
    assert_eq!(next(&s, Event::CancelPressed), (State::Submitting, vec![]));
}

#[test]
fn each_submit_outcome_has_its_screen_and_message() {
    let cases = [
        (
            SubmitOutcome::TokenSuccess { customer_account_token: "cat_1".into(), funding_destination: FundingDestination::Debit, last4: "4242".into(), receipt: "h.c.s".into() },
            Outcome::Success { funding_destination: FundingDestination::Debit, last4: "4242".into() },
            FrameMessage::TokenSuccess { customer_account_token: "cat_1".into(), funding_destination: FundingDestination::Debit, last4: "4242".into(), receipt: "h.c.s".into() },
        ),
        (
            SubmitOutcome::VerificationFailed { attempts_remaining: 2 },
            Outcome::VerificationFailed { attempts_remaining: 2 },
            FrameMessage::VerificationFailed { attempts_remaining: 2 },
        ),
        (SubmitOutcome::MaxAttemptsExceeded, Outcome::MaxAttempts, FrameMessage::MaxAttemptsExceeded {}),
        (
            SubmitOutcome::TerminalFailure { code: "account_closed".into() },
            Outcome::TerminalFailure,
            FrameMessage::TerminalFailure { code: "account_closed".into() },
        ),
    ];
    for (answer, outcome, message) in cases {
        let (s, fx) = next(&State::Submitting, Event::Submitted(answer));
        assert_eq!(s, State::Done(outcome.clone()));
        assert_eq!(fx, vec![ShowResult(outcome), Post(message)]);
    }
}

#[test]
fn a_gated_account_shows_the_review_screen_and_polls_until_the_decision() {
    let gated = SubmitOutcome::AwaitingDecision { funding_destination: FundingDestination::Ach, last4: "6789".into() };
    let (s, fx) = next(&State::Submitting, Event::Submitted(gated));
    assert_eq!(s, State::AwaitingDecision);
    assert_eq!(
        fx,
        vec![
            ShowResult(Outcome::Reviewing { last4: "6789".into() }),
            Post(FrameMessage::AwaitingDecision { funding_destination: FundingDestination::Ach, last4: "6789".into() }),
            SchedulePoll(POLL_MS),
        ]
    );
    assert_eq!(next(&s, Event::PollDue), (State::AwaitingDecision, vec![Send(Call::Status)]));
    assert_eq!(next(&s, Event::Polled(DecisionStatus::Pending)), (State::AwaitingDecision, vec![SchedulePoll(POLL_MS)]));
    // A lost answer or a rate limit: ask again later, nothing shown.
    for failure in [CallFailure::Network, CallFailure::Api(ApiCode::RateLimited)] {
        assert_eq!(next(&s, Event::PollFailed(failure)), (State::AwaitingDecision, vec![SchedulePoll(POLL_RETRY_MS)]));
    }
    // The page cannot cancel or submit while the integrator decides.
    assert_eq!(next(&s, Event::CancelPressed), (State::AwaitingDecision, vec![]));
    assert_eq!(next(&s, Event::Submit(card())), (State::AwaitingDecision, vec![]));

    let continued = DecisionStatus::Continued { customer_account_token: "cat_9".into(), funding_destination: FundingDestination::Ach, last4: "6789".into(), receipt: "h.c.s".into() };
    let success = Outcome::Success { funding_destination: FundingDestination::Ach, last4: "6789".into() };
    assert_eq!(
        next(&s, Event::Polled(continued)),
        (
            State::Done(success.clone()),
            vec![ShowResult(success), Post(FrameMessage::TokenSuccess { customer_account_token: "cat_9".into(), funding_destination: FundingDestination::Ach, last4: "6789".into(), receipt: "h.c.s".into() })]
        )
    );
    assert_eq!(next(&s, Event::Polled(DecisionStatus::Stopped)), (State::Done(Outcome::Stopped), vec![ShowResult(Outcome::Stopped), Post(FrameMessage::Stopped {})]));
    let ended = (State::Done(Outcome::NotMountable), vec![ShowResult(Outcome::NotMountable), Post(FrameMessage::TerminalFailure { code: "session_not_active".into() })]);
    assert_eq!(next(&s, Event::Polled(DecisionStatus::Ended { status: SessionStatus::Expired })), ended);
    // A refusal that another ask would not change ends the page.
    assert_eq!(next(&s, Event::PollFailed(CallFailure::Api(ApiCode::InvalidProof))).0, State::Done(Outcome::Error));
    // A poll's answer that arrives after the page is done changes nothing.
    assert_eq!(next(&State::Done(Outcome::Stopped), Event::Polled(DecisionStatus::Pending)), (State::Done(Outcome::Stopped), vec![]));
}

#[test]
fn submit_failures() {
    // Nothing reached the server: back to the form, told why.
    assert_eq!(next(&State::Submitting, Event::SubmitFailed(CallFailure::Network)), (State::Form, vec![SetBusy(false), Announce("network-error")]));
    // The server refused one field: back to the form with that field's error.
    let field = CallFailure::InvalidField { param: "card_number".into(), reason: Some("card_checksum".into()) };
    assert_eq!(
        next(&State::Submitting, Event::SubmitFailed(field)),
        (State::Form, vec![SetBusy(false), FieldError { param: "card_number".into(), reason: Some("card_checksum".into()) }])
    );
    // A refused proof or replay ends the page with the generic screen; an ended session with its own.
    for (code, outcome) in [
        (ApiCode::InvalidProof, Outcome::Error),
        (ApiCode::ProofReplayed, Outcome::Error),
        (ApiCode::SessionNotActive, Outcome::NotMountable),
    ] {
        let (s, fx) = next(&State::Submitting, Event::SubmitFailed(CallFailure::Api(code)));
        assert_eq!(s, State::Done(outcome.clone()));
        assert_eq!(fx, vec![ShowResult(outcome), Post(FrameMessage::TerminalFailure { code: code.name().into() })]);
    }
}

#[test]
fn call_failures_map_from_errors() {
    let invalid = FrameError::Api {
        code: ApiCode::InvalidAccount.number(),
        data: Some(ErrorData { error: "invalid_account".into(), param: Some("routing_number".into()), reason: Some("routing_checksum".into()), session_status: None }),
    };
    assert_eq!(CallFailure::from_error(&invalid), CallFailure::InvalidField { param: "routing_number".into(), reason: Some("routing_checksum".into()) });
    assert_eq!(CallFailure::from_error(&api_error(ApiCode::ProofReplayed, None)), CallFailure::Api(ApiCode::ProofReplayed));
    assert_eq!(CallFailure::from_error(&FrameError::Network("x".into())), CallFailure::Network);
    assert_eq!(CallFailure::from_error(&FrameError::Decode("x".into())), CallFailure::Api(ApiCode::Internal));
}

#[test]
fn retry_posts_retry_requested_and_stays() {
    let s = State::Done(Outcome::VerificationFailed { attempts_remaining: 1 });
    assert_eq!(next(&s, Event::RetryPressed), (s.clone(), vec![Post(FrameMessage::RetryRequested {})]));
    // Nowhere else does retry mean anything.
    for st in [State::Form, State::Done(Outcome::MaxAttempts)] {
        assert_eq!(next(&st, Event::RetryPressed), (st.clone(), vec![]));
    }
}

#[test]
fn cancel_asks_first_then_cancels() {
    let (s, fx) = next(&State::Form, Event::CancelPressed);
    assert_eq!((s.clone(), fx), (State::ConfirmingCancel, vec![ShowConfirm(true)]));
    // "No, keep going".
    assert_eq!(next(&s, Event::CancelAborted), (State::Form, vec![ShowConfirm(false)]));
    // A submit while the panel is open is ignored.
    assert_eq!(next(&s, Event::Submit(card())), (State::ConfirmingCancel, vec![]));
    // "Yes, cancel".
    let (s, fx) = next(&s, Event::CancelConfirmed);
    assert_eq!((s.clone(), fx), (State::Canceling, vec![SetBusy(true), Send(Call::Cancel)]));
    let (done, fx) = next(&s, Event::Canceled);
    assert_eq!(done, State::Done(Outcome::Canceled));
    assert_eq!(fx, vec![ShowResult(Outcome::Canceled), Post(FrameMessage::Canceled {})]);
}

#[test]
fn cancel_failures() {
    assert_eq!(
        next(&State::Canceling, Event::CancelFailed(CallFailure::Network)),
        (State::Form, vec![ShowConfirm(false), SetBusy(false), Announce("network-error")])
    );
    let (s, fx) = next(&State::Canceling, Event::CancelFailed(CallFailure::Api(ApiCode::SessionNotActive)));
    assert_eq!(s, State::Done(Outcome::NotMountable));
    assert_eq!(fx, vec![ShowResult(Outcome::NotMountable), Post(FrameMessage::TerminalFailure { code: "session_not_active".into() })]);
}

#[test]
fn result_screens_absorb_everything_else() {
    let done = State::Done(Outcome::Canceled);
    for e in [
        Event::GuardElapsed,
        Event::Submit(card()),
        Event::Submitted(SubmitOutcome::MaxAttemptsExceeded),
        Event::CancelPressed,
        Event::CancelConfirmed,
        Event::Canceled,
        Event::RetryPressed,
        Event::Localized { locale: LocaleCode::EN_US, dir: TextDirection::Ltr },
    ] {
        assert_eq!(next(&done, e), (done.clone(), vec![]));
    }
}
