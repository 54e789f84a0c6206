//! The page's state machine, natively: every transition and the effects it asks for.
#![cfg(all(feature = "frame", not(target_arch = "wasm32")))]

use capture_frame::error::FrameError;
use capture_frame::page::{next, Call, CallFailure, Effect, Event, MountFailure, Outcome, Phase, State, POLL_MS, POLL_RETRY_MS};
use capture_protocol::api::ErrorData;
use capture_protocol::frame_api::{AccountSubmission, DecisionStatus, MountRequest, MountResponse, PublicJwk, SubmitOutcome};
use capture_protocol::{ApiCode, FrameMessage, FundingDestination, LocaleCode, Origin, SessionId, SessionStatus, TextDirection};
use std::rc::Rc;
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

/// A state after mount (the answer above), in `phase`.
fn at(phase: Phase) -> State {
    State::new(phase, Some(Rc::new(mounted())))
}

/// One transition from `phase` after mount: the new phase and the effects.
fn step(phase: Phase, event: Event) -> (Phase, Vec<Effect>) {
    let (s, fx) = next(&at(phase), event);
    assert_eq!(s.mounted, Some(Rc::new(mounted())), "the mount answer is kept");
    (s.phase, fx)
}

fn jwk() -> PublicJwk {
    PublicJwk { kty: "EC".into(), crv: "P-256".into(), x: "x".into(), y: "y".into() }
}

#[test]
fn start_up_makes_the_key_then_mounts_with_it() {
    let languages = Some(vec!["es-MX".to_owned(), "en".to_owned()]);
    let (s, fx) = next(&State::default(), Event::Started { mount_token: Some("tok".into()), languages: languages.clone() });
    assert_eq!(s, State::new(Phase::Keying { mount_token: "tok".into(), languages: languages.clone() }, None));
    assert_eq!(fx, vec![LoadKey]);
    // The key's public half and the browser's languages go into the signed mount request.
    let (s, fx) = next(&s, Event::KeyReady(jwk()));
    assert_eq!(s, State::new(Phase::Mounting, None));
    assert_eq!(fx, vec![Send(Call::Mount(MountRequest { mount_token: "tok".into(), jwk: jwk(), languages }))]);
    // A second key, or a submit, before the answer changes nothing.
    assert_eq!(next(&s, Event::KeyReady(jwk())), (s.clone(), vec![]));
    assert_eq!(next(&s, Event::Submit(card())), (s.clone(), vec![]));
}

#[test]
fn start_up_without_a_token_or_a_key_ends_at_once() {
    // A reload or a reused link: the token is gone from the address.
    let (s, fx) = next(&State::default(), Event::Started { mount_token: None, languages: None });
    assert_eq!(s, State::new(Phase::Done(Outcome::Expired), None));
    assert_eq!(fx, vec![StopGuard, ShowResult(Outcome::Expired), Post(FrameMessage::AuthorizedUrlExpired {})]);
    let keying = State::new(Phase::Keying { mount_token: "tok".into(), languages: None }, None);
    let (s, fx) = next(&keying, Event::KeyFailed);
    assert_eq!(s.phase, Phase::Done(Outcome::Error));
    assert_eq!(fx, vec![StopGuard, ShowResult(Outcome::Error), Post(FrameMessage::TerminalFailure { code: "internal".into() })]);
    // The guard covers key creation too.
    assert_eq!(next(&keying, Event::GuardElapsed).0.phase, Phase::Done(Outcome::Expired));
}

#[test]
fn mount_ok_keeps_the_answer_loads_the_locale_then_shows_the_form_and_posts_ready_after_paint() {
    let resp = Box::new(mounted());
    let (s, fx) = next(&State::new(Phase::Mounting, None), Event::Mounted(resp.clone()));
    assert_eq!(s, at(Phase::Localizing));
    assert_eq!(
        fx,
        vec![
            StopGuard,
            Configure { parent_origin: resp.parent_origin.clone(), server_time: resp.server_time },
            LoadLocale(LocaleCode::try_from("ar-SA").unwrap())
        ]
    );
    // The locale actually spoken (en-US here: say the file could not be fetched).
    let (s, fx) = next(&s, Event::Localized { locale: LocaleCode::EN_US, dir: TextDirection::Ltr });
    assert_eq!(s, at(Phase::Form));
    assert_eq!(
        fx,
        vec![
            ShowForm(vec![FundingDestination::Debit, FundingDestination::Ach]),
            PostAfterPaint(FrameMessage::Ready { locale: LocaleCode::EN_US, dir: TextDirection::Ltr })
        ]
    );
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
        let (s, fx) = next(&State::new(Phase::Mounting, None), Event::MountFailed(failure.clone()));
        assert_eq!(s.phase, Phase::Done(outcome.clone()), "{failure:?}");
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
    let (s, fx) = next(&State::new(Phase::Mounting, None), Event::GuardElapsed);
    assert_eq!(s.phase, Phase::Done(Outcome::Expired));
    assert_eq!(fx, vec![ShowResult(Outcome::Expired), Post(FrameMessage::AuthorizedUrlExpired {})]);
    // A mount answer that arrives after the guard fired changes nothing.
    assert_eq!(next(&s, Event::Mounted(Box::new(mounted()))), (s.clone(), vec![]));
    for st in [Phase::Localizing, Phase::Form, Phase::Submitting] {
        assert_eq!(step(st.clone(), Event::GuardElapsed), (st.clone(), vec![]));
    }
}

#[test]
fn submit_sends_once_and_ignores_a_second_submit() {
    let (s, fx) = step(Phase::Form, Event::Submit(card()));
    assert_eq!(s, Phase::Submitting);
    assert_eq!(fx, vec![SetBusy(true), Send(Call::Submit(card()))]);
    assert_eq!(step(s.clone(), Event::Submit(card())), (Phase::Submitting, vec![]));
    assert_eq!(step(s.clone(), Event::CancelPressed), (Phase::Submitting, vec![]));
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
        let (s, fx) = step(Phase::Submitting, Event::Submitted(answer));
        assert_eq!(s, Phase::Done(outcome.clone()));
        assert_eq!(fx, vec![ShowResult(outcome), Post(message)]);
    }
}

#[test]
fn a_gated_account_shows_the_review_screen_and_polls_until_the_decision() {
    let gated = SubmitOutcome::AwaitingDecision { funding_destination: FundingDestination::Ach, last4: "6789".into() };
    let (s, fx) = step(Phase::Submitting, Event::Submitted(gated));
    assert_eq!(s, Phase::AwaitingDecision);
    assert_eq!(
        fx,
        vec![
            ShowResult(Outcome::Reviewing { last4: "6789".into() }),
            Post(FrameMessage::AwaitingDecision { funding_destination: FundingDestination::Ach, last4: "6789".into() }),
            SchedulePoll(POLL_MS),
        ]
    );
    assert_eq!(step(s.clone(), Event::PollDue), (Phase::AwaitingDecision, vec![Send(Call::Status)]));
    assert_eq!(step(s.clone(), Event::Polled(DecisionStatus::Pending)), (Phase::AwaitingDecision, vec![SchedulePoll(POLL_MS)]));
    // A lost answer or a rate limit: ask again later, nothing shown.
    for failure in [CallFailure::Network, CallFailure::Api(ApiCode::RateLimited)] {
        assert_eq!(step(s.clone(), Event::PollFailed(failure)), (Phase::AwaitingDecision, vec![SchedulePoll(POLL_RETRY_MS)]));
    }
    // The page cannot cancel or submit while the integrator decides.
    assert_eq!(step(s.clone(), Event::CancelPressed), (Phase::AwaitingDecision, vec![]));
    assert_eq!(step(s.clone(), Event::Submit(card())), (Phase::AwaitingDecision, vec![]));

    let continued = DecisionStatus::Continued { customer_account_token: "cat_9".into(), funding_destination: FundingDestination::Ach, last4: "6789".into(), receipt: "h.c.s".into() };
    let success = Outcome::Success { funding_destination: FundingDestination::Ach, last4: "6789".into() };
    assert_eq!(
        step(s.clone(), Event::Polled(continued)),
        (
            Phase::Done(success.clone()),
            vec![ShowResult(success), Post(FrameMessage::TokenSuccess { customer_account_token: "cat_9".into(), funding_destination: FundingDestination::Ach, last4: "6789".into(), receipt: "h.c.s".into() })]
        )
    );
    assert_eq!(step(s.clone(), Event::Polled(DecisionStatus::Stopped)), (Phase::Done(Outcome::Stopped), vec![ShowResult(Outcome::Stopped), Post(FrameMessage::Stopped {})]));
    let ended = (Phase::Done(Outcome::NotMountable), vec![ShowResult(Outcome::NotMountable), Post(FrameMessage::TerminalFailure { code: "session_not_active".into() })]);
    assert_eq!(step(s.clone(), Event::Polled(DecisionStatus::Ended { status: SessionStatus::Expired })), ended);
    // A refusal that another ask would not change ends the page.
    assert_eq!(step(s.clone(), Event::PollFailed(CallFailure::Api(ApiCode::InvalidProof))).0, Phase::Done(Outcome::Error));
    // A poll's answer that arrives after the page is done changes nothing.
    assert_eq!(step(Phase::Done(Outcome::Stopped), Event::Polled(DecisionStatus::Pending)), (Phase::Done(Outcome::Stopped), vec![]));
}

#[test]
fn submit_failures() {
    // Nothing reached the server: back to the form, told why.
    assert_eq!(step(Phase::Submitting, Event::SubmitFailed(CallFailure::Network)), (Phase::Form, vec![SetBusy(false), Announce("network-error")]));
    // The server refused one field: back to the form with that field's error.
    let field = CallFailure::InvalidField { param: "card_number".into(), reason: Some("card_checksum".into()) };
    assert_eq!(
        step(Phase::Submitting, Event::SubmitFailed(field)),
        (Phase::Form, vec![SetBusy(false), FieldError { param: "card_number".into(), reason: Some("card_checksum".into()) }])
    );
    // A refused proof or replay ends the page with the generic screen; an ended session with its own.
    for (code, outcome) in [
        (ApiCode::InvalidProof, Outcome::Error),
        (ApiCode::ProofReplayed, Outcome::Error),
        (ApiCode::SessionNotActive, Outcome::NotMountable),
    ] {
        let (s, fx) = step(Phase::Submitting, Event::SubmitFailed(CallFailure::Api(code)));
        assert_eq!(s, Phase::Done(outcome.clone()));
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
    let s = Phase::Done(Outcome::VerificationFailed { attempts_remaining: 1 });
    assert_eq!(step(s.clone(), Event::RetryPressed), (s.clone(), vec![Post(FrameMessage::RetryRequested {})]));
    // Nowhere else does retry mean anything.
    for st in [Phase::Form, Phase::Done(Outcome::MaxAttempts)] {
        assert_eq!(step(st.clone(), Event::RetryPressed), (st.clone(), vec![]));
    }
}

#[test]
fn cancel_asks_first_then_cancels() {
    let (s, fx) = step(Phase::Form, Event::CancelPressed);
    assert_eq!((s.clone(), fx), (Phase::ConfirmingCancel, vec![ShowConfirm(true)]));
    // "No, keep going".
    assert_eq!(step(s.clone(), Event::CancelAborted), (Phase::Form, vec![ShowConfirm(false)]));
    // A submit while the panel is open is ignored.
    assert_eq!(step(s.clone(), Event::Submit(card())), (Phase::ConfirmingCancel, vec![]));
    // "Yes, cancel".
    let (s, fx) = step(s.clone(), Event::CancelConfirmed);
    assert_eq!((s.clone(), fx), (Phase::Canceling, vec![SetBusy(true), Send(Call::Cancel)]));
    let (done, fx) = step(s.clone(), Event::Canceled);
    assert_eq!(done, Phase::Done(Outcome::Canceled));
    assert_eq!(fx, vec![ShowResult(Outcome::Canceled), Post(FrameMessage::Canceled {})]);
}

#[test]
fn cancel_failures() {
    assert_eq!(
        step(Phase::Canceling, Event::CancelFailed(CallFailure::Network)),
        (Phase::Form, vec![ShowConfirm(false), SetBusy(false), Announce("network-error")])
    );
    let (s, fx) = step(Phase::Canceling, Event::CancelFailed(CallFailure::Api(ApiCode::SessionNotActive)));
    assert_eq!(s, Phase::Done(Outcome::NotMountable));
    assert_eq!(fx, vec![ShowResult(Outcome::NotMountable), Post(FrameMessage::TerminalFailure { code: "session_not_active".into() })]);
}

#[test]
fn result_screens_absorb_everything_else() {
    let done = Phase::Done(Outcome::Canceled);
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
        assert_eq!(step(done.clone(), e), (done.clone(), vec![]));
    }
}
