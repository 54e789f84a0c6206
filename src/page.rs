//! The page is a small state machine: every input (an answer, a click, a timer) becomes an
//! [`Event`], [`next`] decides the new [`State`] and the [`Effect`]s, and only the dispatcher in
//! `mount` touches the DOM, the network or the parent. So every rule here is tested natively.

use crate::error::FrameError;
use capture_protocol::frame_api::{AccountSubmission, DecisionStatus, MountResponse, SubmitOutcome};
use capture_protocol::{ApiCode, FrameMessage, FundingDestination, LocaleCode, SessionStatus, TextDirection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Waiting for the mount answer, under the guard timer.
    Mounting,
    /// Mounted; fetching the session's locale file.
    Localizing,
    /// The form is up and editable.
    Form,
    /// The inline "cancel?" panel is open over the form.
    ConfirmingCancel,
    /// The account is on its way to the server; further submits are ignored.
    Submitting,
    /// The cancel call is on its way.
    Canceling,
    /// Verified behind the decision gate: the "being reviewed" screen is up and the page polls
    /// for the integrator's decision.
    AwaitingDecision,
    /// A result screen; the session is over for this page.
    Done(Outcome),
}

/// What a result screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Success { funding_destination: FundingDestination, last4: String },
    /// Verified; the integrator decides (the "being reviewed" screen).
    Reviewing { last4: String },
    /// The integrator stopped it at the gate.
    Stopped,
    VerificationFailed { attempts_remaining: u32 },
    MaxAttempts,
    TerminalFailure,
    Canceled,
    Expired,
    BoundToOtherDevice,
    NotMountable,
    /// Something the person cannot fix here (unknown session, refused proof, server fault).
    Error,
}

/// Why mounting ended without a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountFailure {
    Expired,
    BoundToOtherDevice,
    NotMountable(SessionStatus),
    /// Any other code, by its stable name (`session_not_found`, `internal`, …).
    Other(&'static str),
    /// No answer at all: nothing trustworthy to tell the parent.
    Network,
}

impl MountFailure {
    pub fn from_error(e: &FrameError) -> Self {
        match e {
            FrameError::Api { code, data } => match ApiCode::from_number(*code) {
                Some(ApiCode::AuthorizedUrlExpired) => Self::Expired,
                Some(ApiCode::BoundToOtherDevice) => Self::BoundToOtherDevice,
                Some(ApiCode::SessionNotMountable) => {
                    Self::NotMountable(data.as_ref().and_then(|d| d.session_status).unwrap_or(SessionStatus::Terminated))
                }
                Some(c) => Self::Other(c.name()),
                None => Self::Other(ApiCode::Internal.name()),
            },
            FrameError::Network(_) => Self::Network,
            _ => Self::Other(ApiCode::Internal.name()),
        }
    }
}

/// Why a call after mount (submit, cancel) failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallFailure {
    /// No answer: the person may simply try again.
    Network,
    /// `invalid_account`: the server's verdict on one field, shown inline.
    InvalidField { param: String, reason: Option<String> },
    /// Any other code: the page cannot go on.
    Api(ApiCode),
}

impl CallFailure {
    pub fn from_error(e: &FrameError) -> Self {
        match e {
            FrameError::Network(_) => Self::Network,
            FrameError::Api { code, data } => match ApiCode::from_number(*code) {
                Some(ApiCode::InvalidAccount) => Self::InvalidField {
                    param: data.as_ref().and_then(|d| d.param.clone()).unwrap_or_default(),
                    reason: data.as_ref().and_then(|d| d.reason.clone()),
                },
                Some(c) => Self::Api(c),
                None => Self::Api(ApiCode::Internal),
            },
            _ => Self::Api(ApiCode::Internal),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Mounted(Box<MountResponse>),
    MountFailed(MountFailure),
    /// The mount window the server gave has passed without an answer.
    GuardElapsed,
    /// The locale file is in (or could not be had): `locale` is the one actually spoken.
    Localized { locale: LocaleCode, dir: TextDirection },
    /// The form validated; this is what goes to the server.
    Submit(AccountSubmission),
    Submitted(SubmitOutcome),
    SubmitFailed(CallFailure),
    CancelPressed,
    CancelAborted,
    CancelConfirmed,
    Canceled,
    CancelFailed(CallFailure),
    RetryPressed,
    /// Time to ask for the decision again.
    PollDue,
    Polled(DecisionStatus),
    PollFailed(CallFailure),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    Submit(AccountSubmission),
    Cancel,
    /// `…/status`: the decision on a gated session.
    Status,
}

/// How often a page behind the decision gate asks (DESIGN: it learns a decision within 3 s),
/// and after a failed ask.
pub const POLL_MS: u32 = 1_000;
pub const POLL_RETRY_MS: u32 = 2_500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Drop the mount guard timer.
    StopGuard,
    /// Keep the mount answer: parent origin, clock offset, destinations, return URL.
    Configure(Box<MountResponse>),
    /// Fetch the locale file and answer with [`Event::Localized`].
    LoadLocale(LocaleCode),
    ShowForm,
    /// Disable the form and show progress (or undo it).
    SetBusy(bool),
    ShowConfirm(bool),
    /// A result screen, focus on its heading, announced.
    ShowResult(Outcome),
    /// The server's verdict on a field, inline.
    FieldError { param: String, reason: Option<String> },
    /// A message id for the live region.
    Announce(&'static str),
    Send(Call),
    Post(FrameMessage),
    /// Post once the form has been painted (`ready`).
    PostAfterPaint(FrameMessage),
    /// Raise [`Event::PollDue`] after this many milliseconds.
    SchedulePoll(u32),
}

/// The transition function: pure, total; events that make no sense in a state are ignored.
pub fn next(state: &State, event: Event) -> (State, Vec<Effect>) {
    use Effect::*;
    use State::*;
    let done = |outcome: Outcome, msg: Option<FrameMessage>| {
        let mut fx = vec![ShowResult(outcome.clone())];
        fx.extend(msg.map(Post));
        (Done(outcome), fx)
    };
    match (state, event) {
        (Mounting, Event::Mounted(resp)) => {
            let locale = resp.locale;
            (Localizing, vec![StopGuard, Configure(resp), LoadLocale(locale)])
        }
        (Mounting, Event::MountFailed(failure)) => {
            let (outcome, msg) = match failure {
                MountFailure::Expired => (Outcome::Expired, Some(FrameMessage::AuthorizedUrlExpired {})),
                MountFailure::BoundToOtherDevice => (Outcome::BoundToOtherDevice, Some(FrameMessage::BoundToOtherDevice {})),
                MountFailure::NotMountable(status) => (Outcome::NotMountable, Some(FrameMessage::SessionNotMountable { status })),
                MountFailure::Other(code) => (Outcome::Error, Some(FrameMessage::TerminalFailure { code: code.into() })),
                MountFailure::Network => (Outcome::Error, None),
            };
            let (s, mut fx) = done(outcome, msg);
            fx.insert(0, StopGuard);
            (s, fx)
        }
        (Mounting, Event::GuardElapsed) => done(Outcome::Expired, Some(FrameMessage::AuthorizedUrlExpired {})),
        (Localizing, Event::Localized { locale, dir }) => (Form, vec![ShowForm, PostAfterPaint(FrameMessage::Ready { locale, dir })]),
        (Form, Event::Submit(sub)) => (Submitting, vec![SetBusy(true), Send(Call::Submit(sub))]),
        (Submitting, Event::Submitted(outcome)) => match outcome {
            SubmitOutcome::TokenSuccess { customer_account_token, funding_destination, last4, receipt } => done(
                Outcome::Success { funding_destination, last4: last4.clone() },
                Some(FrameMessage::TokenSuccess { customer_account_token, funding_destination, last4, receipt }),
            ),
            SubmitOutcome::AwaitingDecision { funding_destination, last4 } => (
                AwaitingDecision,
                vec![
                    ShowResult(Outcome::Reviewing { last4: last4.clone() }),
                    Post(FrameMessage::AwaitingDecision { funding_destination, last4 }),
                    SchedulePoll(POLL_MS),
                ],
            ),
            SubmitOutcome::VerificationFailed { attempts_remaining } => done(
                Outcome::VerificationFailed { attempts_remaining },
                Some(FrameMessage::VerificationFailed { attempts_remaining }),
            ),
            SubmitOutcome::MaxAttemptsExceeded => done(Outcome::MaxAttempts, Some(FrameMessage::MaxAttemptsExceeded {})),
            SubmitOutcome::TerminalFailure { code } => done(Outcome::TerminalFailure, Some(FrameMessage::TerminalFailure { code })),
        },
        (Submitting, Event::SubmitFailed(CallFailure::Network)) => (Form, vec![SetBusy(false), Announce("network-error")]),
        (Submitting, Event::SubmitFailed(CallFailure::InvalidField { param, reason })) => {
            (Form, vec![SetBusy(false), FieldError { param, reason }])
        }
        (Submitting | Canceling, Event::SubmitFailed(CallFailure::Api(code)) | Event::CancelFailed(CallFailure::Api(code))) => {
            call_refused(code)
        }
        (Form, Event::CancelPressed) => (ConfirmingCancel, vec![ShowConfirm(true)]),
        (ConfirmingCancel, Event::CancelAborted) => (Form, vec![ShowConfirm(false)]),
        (ConfirmingCancel, Event::CancelConfirmed) => (Canceling, vec![SetBusy(true), Send(Call::Cancel)]),
        (Canceling, Event::Canceled) => done(Outcome::Canceled, Some(FrameMessage::Canceled {})),
        // A cancel that never reached the server: back to the form, which still works.
        (Canceling, Event::CancelFailed(_)) => (Form, vec![ShowConfirm(false), SetBusy(false), Announce("network-error")]),
        (AwaitingDecision, Event::PollDue) => (AwaitingDecision, vec![Send(Call::Status)]),
        (AwaitingDecision, Event::Polled(decision)) => match decision {
            DecisionStatus::Pending => (AwaitingDecision, vec![SchedulePoll(POLL_MS)]),
            DecisionStatus::Continued { customer_account_token, funding_destination, last4, receipt } => done(
                Outcome::Success { funding_destination, last4: last4.clone() },
                Some(FrameMessage::TokenSuccess { customer_account_token, funding_destination, last4, receipt }),
            ),
            DecisionStatus::Stopped => done(Outcome::Stopped, Some(FrameMessage::Stopped {})),
            // Expired or terminated while waiting: the session has ended.
            DecisionStatus::Ended { .. } => call_refused(ApiCode::SessionNotActive),
        },
        // No answer, or too many asks: ask again a little later; the screen already says what
        // is happening.
        (AwaitingDecision, Event::PollFailed(CallFailure::Network | CallFailure::Api(ApiCode::RateLimited))) => {
            (AwaitingDecision, vec![SchedulePoll(POLL_RETRY_MS)])
        }
        (AwaitingDecision, Event::PollFailed(failure)) => call_refused(match failure {
            CallFailure::Api(code) => code,
            _ => ApiCode::Internal,
        }),
        (Done(o @ Outcome::VerificationFailed { .. }), Event::RetryPressed) => (Done(o.clone()), vec![Post(FrameMessage::RetryRequested {})]),
        (s, _) => (s.clone(), Vec::new()),
    }
}

/// A call the server refused for good. A session that ended meanwhile (the integrator
/// terminated it, the TTL passed) gets the "session has ended" screen; anything else the
/// generic one. The parent hears the code either way.
fn call_refused(code: ApiCode) -> (State, Vec<Effect>) {
    let outcome = if code == ApiCode::SessionNotActive { Outcome::NotMountable } else { Outcome::Error };
    (
        State::Done(outcome.clone()),
        vec![Effect::ShowResult(outcome), Effect::Post(FrameMessage::TerminalFailure { code: code.name().into() })],
    )
}
