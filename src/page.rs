//! The page is a small state machine: every input (an answer, a click, a timer) becomes an
//! [`Event`], [`next`] decides the new [`State`] and the [`Effect`]s, and only the dispatcher in
//! `runtime` touches the DOM, the network or the parent. So every rule here is tested natively.

use crate::error::FrameError;
use capture_protocol::frame_api::{AccountSubmission, DecisionStatus, MountRequest, MountResponse, PublicJwk, SubmitOutcome};
use capture_protocol::{ApiCode, FrameMessage, FundingDestination, LocaleCode, Origin, SessionStatus, TextDirection};
use std::rc::Rc;

/// Where the page is, and the mount answer once it has one (destinations, return URL): set
/// once by [`Event::Mounted`] and kept to the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub phase: Phase,
    pub mounted: Option<Rc<MountResponse>>,
}

impl State {
    /// A state in `phase` with the mount answer `mounted`.
    pub fn new(phase: Phase, mounted: Option<Rc<MountResponse>>) -> Self {
        Self { phase, mounted }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Phase {
    /// Loaded; [`Event::Started`] brings what the address held.
    #[default]
    Starting,
    /// Loading or creating the session's key; the mount request waits for its public half.
    Keying { mount_token: String, languages: Option<Vec<String>> },
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
    /// The dispatcher is up: the mount token the fragment held (none on a reload) and the
    /// browser's preferred languages (for a session created with `"auto"`).
    Started { mount_token: Option<String>, languages: Option<Vec<String>> },
    /// The session's key is ready; its public half goes into the mount request.
    KeyReady(PublicJwk),
    /// WebCrypto refused to make a key: nothing can be signed, so nothing can be mounted.
    KeyFailed,
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
    /// Signed with the key it presents.
    Mount(MountRequest),
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
    /// Load the session's key from IndexedDB or create it; answer with [`Event::KeyReady`].
    LoadKey,
    /// Drop the mount guard timer.
    StopGuard,
    /// Where messages may go from now on, and the server's clock for proofs.
    Configure { parent_origin: Origin, server_time: i64 },
    /// Fetch the locale file and answer with [`Event::Localized`].
    LoadLocale(LocaleCode),
    /// The form for these destinations (the first one selected).
    ShowForm(Vec<FundingDestination>),
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
    match (&state.phase, event) {
        (Phase::Mounting, Event::Mounted(resp)) => {
            let fx = vec![
                Effect::StopGuard,
                Effect::Configure { parent_origin: resp.parent_origin.clone(), server_time: resp.server_time },
                Effect::LoadLocale(resp.locale),
            ];
            (State::new(Phase::Localizing, Some(Rc::from(resp))), fx)
        }
        (phase, event) => {
            let destinations = || state.mounted.as_ref().map(|m| m.funding_destinations.clone()).unwrap_or_default();
            let (phase, fx) = step(phase, event, destinations);
            (State::new(phase, state.mounted.clone()), fx)
        }
    }
}

/// Every transition but the one that brings the mount answer, which only carries over.
fn step(state: &Phase, event: Event, destinations: impl FnOnce() -> Vec<FundingDestination>) -> (Phase, Vec<Effect>) {
    use Effect::*;
    use Phase::*;
    match (state, event) {
        // A reload, or a link whose token was already taken: the server would refuse it anyway.
        (Starting, Event::Started { mount_token: None, .. }) => mount_failed(MountFailure::Expired),
        (Starting, Event::Started { mount_token: Some(mount_token), languages }) => (Keying { mount_token, languages }, vec![LoadKey]),
        (Keying { mount_token, languages }, Event::KeyReady(jwk)) => {
            let request = MountRequest { mount_token: mount_token.clone(), jwk, languages: languages.clone() };
            (Mounting, vec![Send(Call::Mount(request))])
        }
        (Keying { .. }, Event::KeyFailed) => mount_failed(MountFailure::Other(ApiCode::Internal.name())),
        (Mounting, Event::MountFailed(failure)) => mount_failed(failure),
        (Starting | Keying { .. } | Mounting, Event::GuardElapsed) => done(Outcome::Expired, Some(FrameMessage::AuthorizedUrlExpired {})),
        (Localizing, Event::Localized { locale, dir }) => (Form, vec![ShowForm(destinations()), PostAfterPaint(FrameMessage::Ready { locale, dir })]),
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

/// A result screen and, when there is one, its message to the parent.
fn done(outcome: Outcome, msg: Option<FrameMessage>) -> (Phase, Vec<Effect>) {
    let mut fx = vec![Effect::ShowResult(outcome.clone())];
    fx.extend(msg.map(Effect::Post));
    (Phase::Done(outcome), fx)
}

/// Start-up ended without a form: the guard stops, the screen and message say why.
fn mount_failed(failure: MountFailure) -> (Phase, Vec<Effect>) {
    let (outcome, msg) = match failure {
        MountFailure::Expired => (Outcome::Expired, Some(FrameMessage::AuthorizedUrlExpired {})),
        MountFailure::BoundToOtherDevice => (Outcome::BoundToOtherDevice, Some(FrameMessage::BoundToOtherDevice {})),
        MountFailure::NotMountable(status) => (Outcome::NotMountable, Some(FrameMessage::SessionNotMountable { status })),
        MountFailure::Other(code) => (Outcome::Error, Some(FrameMessage::TerminalFailure { code: code.into() })),
        MountFailure::Network => (Outcome::Error, None),
    };
    let (s, mut fx) = done(outcome, msg);
    fx.insert(0, Effect::StopGuard);
    (s, fx)
}

/// A call the server refused for good. A session that ended meanwhile (the integrator
/// terminated it, the TTL passed) gets the "session has ended" screen; anything else the
/// generic one. The parent hears the code either way.
fn call_refused(code: ApiCode) -> (Phase, Vec<Effect>) {
    let outcome = if code == ApiCode::SessionNotActive { Outcome::NotMountable } else { Outcome::Error };
    (
        Phase::Done(outcome.clone()),
        vec![Effect::ShowResult(outcome), Effect::Post(FrameMessage::TerminalFailure { code: code.name().into() })],
    )
}
