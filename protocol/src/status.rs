use serde::{Deserialize, Serialize};

/// Where a session is in its life. `Active` and `AwaitingDecision` are open; every other
/// status is terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Active,
    /// Verified and vaulted behind a decision gate: the integrator continues or stops it.
    AwaitingDecision,
    Completed,
    /// The integrator stopped it at the gate.
    Stopped,
    Canceled,
    Terminated,
    MaxAttemptsExceeded,
    Expired,
}

/// Something that happens to a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEvent {
    /// The recipient's account was verified and tokenized; behind a decision gate it waits for
    /// the integrator instead of completing.
    Tokenized { decision_gate: bool },
    /// The integrator called `POST /v1/sessions/{id}/continue` on a gated session.
    IntegratorContinued,
    /// The integrator called `POST /v1/sessions/{id}/stop` on a gated session.
    IntegratorStopped,
    /// Entered data did not match the recipient; `attempts_used` now counts this miss.
    VerificationMismatch { attempts_used: u32, max_attempts: u32 },
    /// The account can never be used (closed, blocked): no retry helps.
    TerminalFailure,
    /// The recipient pressed cancel and confirmed.
    RecipientCanceled,
    /// The integrator called `POST /v1/sessions/{id}/terminate`.
    IntegratorTerminated,
    /// The session TTL elapsed (noticed lazily, on the next access).
    TtlElapsed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("session is {from:?}; {event:?} cannot move it")]
pub struct TransitionError {
    pub from: SessionStatus,
    pub event: SessionEvent,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 8] = [
        Self::Active,
        Self::AwaitingDecision,
        Self::Completed,
        Self::Stopped,
        Self::Canceled,
        Self::Terminated,
        Self::MaxAttemptsExceeded,
        Self::Expired,
    ];

    pub fn is_terminal(self) -> bool {
        !matches!(self, Self::Active | Self::AwaitingDecision)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::AwaitingDecision => "awaiting_decision",
            Self::Completed => "completed",
            Self::Stopped => "stopped",
            Self::Canceled => "canceled",
            Self::Terminated => "terminated",
            Self::MaxAttemptsExceeded => "max_attempts_exceeded",
            Self::Expired => "expired",
        }
    }

    /// The webhook event a move into this status emits (none for `Active`).
    pub fn webhook_event(self) -> Option<&'static str> {
        match self {
            Self::Active => None,
            Self::AwaitingDecision => Some("session.awaiting_decision"),
            Self::Completed => Some("session.completed"),
            Self::Stopped => Some("session.stopped"),
            Self::Canceled => Some("session.canceled"),
            Self::Terminated => Some("session.terminated"),
            Self::MaxAttemptsExceeded => Some("session.max_attempts_exceeded"),
            Self::Expired => Some("session.expired"),
        }
    }

    /// The pure transition function. Terminal statuses absorb nothing: any event on them is an
    /// error the caller turns into a stable code, never a panic. A gated session only moves by
    /// the integrator's decision, its TTL, or its termination.
    pub fn apply(self, event: SessionEvent) -> Result<SessionStatus, TransitionError> {
        use SessionEvent::*;
        match (self, event) {
            (Self::Active, Tokenized { decision_gate: false }) => Ok(Self::Completed),
            (Self::Active, Tokenized { decision_gate: true }) => Ok(Self::AwaitingDecision),
            (Self::AwaitingDecision, IntegratorContinued) => Ok(Self::Completed),
            (Self::AwaitingDecision, IntegratorStopped) => Ok(Self::Stopped),
            (Self::AwaitingDecision, IntegratorTerminated) => Ok(Self::Terminated),
            (Self::AwaitingDecision, TtlElapsed) => Ok(Self::Expired),
            (Self::Active, VerificationMismatch { attempts_used, max_attempts }) => {
                Ok(if attempts_used >= max_attempts { Self::MaxAttemptsExceeded } else { Self::Active })
            }
            (Self::Active, TerminalFailure | IntegratorTerminated) => Ok(Self::Terminated),
            (Self::Active, RecipientCanceled) => Ok(Self::Canceled),
            (Self::Active, TtlElapsed) => Ok(Self::Expired),
            (from, event) => Err(TransitionError { from, event }),
        }
    }
}

impl std::fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<&str> for SessionStatus {
    type Error = crate::IdError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::ALL.into_iter().find(|st| st.as_str() == s).ok_or(crate::IdError::SessionStatus)
    }
}

#[cfg(test)]
mod tests {
    use super::SessionEvent::*;
    use super::SessionStatus::*;
    use super::*;

    const EVENTS: [SessionEvent; 10] = [
        Tokenized { decision_gate: false },
        Tokenized { decision_gate: true },
        IntegratorContinued,
        IntegratorStopped,
        VerificationMismatch { attempts_used: 1, max_attempts: 3 },
        VerificationMismatch { attempts_used: 3, max_attempts: 3 },
        TerminalFailure,
        RecipientCanceled,
        IntegratorTerminated,
        TtlElapsed,
    ];

    /// Every (status, event) pair: the move it makes, or `None` for an illegal one.
    fn table(from: SessionStatus, event: SessionEvent) -> Option<SessionStatus> {
        let active = [Some(Completed), Some(AwaitingDecision), None, None, Some(Active), Some(MaxAttemptsExceeded), Some(Terminated), Some(Canceled), Some(Terminated), Some(Expired)];
        let gated = [None, None, Some(Completed), Some(Stopped), None, None, None, None, Some(Terminated), Some(Expired)];
        let i = EVENTS.iter().position(|e| *e == event).unwrap();
        match from {
            Active => active[i],
            AwaitingDecision => gated[i],
            _ => None,
        }
    }

    #[test]
    fn every_legal_and_illegal_move() {
        for from in SessionStatus::ALL {
            for event in EVENTS {
                match table(from, event) {
                    Some(to) => assert_eq!(from.apply(event), Ok(to), "{from:?} + {event:?}"),
                    None => assert_eq!(from.apply(event), Err(TransitionError { from, event }), "{from:?} + {event:?}"),
                }
            }
        }
    }

    #[test]
    fn open_and_terminal_statuses() {
        let open: Vec<_> = SessionStatus::ALL.into_iter().filter(|s| !s.is_terminal()).collect();
        assert_eq!(open, [Active, AwaitingDecision]);
        assert_eq!(AwaitingDecision.webhook_event(), Some("session.awaiting_decision"));
        assert_eq!(Stopped.webhook_event(), Some("session.stopped"));
    }

    #[test]
    fn mismatch_below_max_stays_active_and_at_max_is_terminal() {
        let miss = |used| VerificationMismatch { attempts_used: used, max_attempts: 3 };
        assert_eq!(Active.apply(miss(2)), Ok(Active));
        assert_eq!(Active.apply(miss(3)), Ok(MaxAttemptsExceeded));
        // A counter past the maximum (e.g. a lowered config) still ends the session.
        assert_eq!(Active.apply(miss(4)), Ok(MaxAttemptsExceeded));
    }

    #[test]
    fn terminal_statuses_refuse_every_event() {
        for from in SessionStatus::ALL.into_iter().filter(|s| s.is_terminal()) {
            for event in EVENTS {
                assert_eq!(from.apply(event), Err(TransitionError { from, event }));
            }
        }
    }

    #[test]
    fn status_names_round_trip_and_match_serde() {
        for st in SessionStatus::ALL {
            assert_eq!(SessionStatus::try_from(st.as_str()), Ok(st));
            assert_eq!(serde_json::to_string(&st).unwrap(), format!("\"{}\"", st.as_str()));
            assert_eq!(st.webhook_event().is_none(), st == Active);
        }
        assert!(SessionStatus::try_from("Active").is_err());
    }
}
