-- Whether a verified account waits in awaiting_decision for the integrator (0 or 1).
ALTER TABLE sessions ADD COLUMN decision_gate BIGINT NOT NULL DEFAULT 0;
-- Why a session ended, when it says: a terminal failure's code or the integrator's stop reason.
ALTER TABLE sessions ADD COLUMN end_reason TEXT;
-- The signed receipt of a completed session (it names the session.completed event's id).
ALTER TABLE sessions ADD COLUMN receipt TEXT;
