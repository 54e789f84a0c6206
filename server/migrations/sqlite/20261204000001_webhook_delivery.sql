-- Until when (Unix ms) a failing event is retried: 3 days after it was queued or redelivered.
ALTER TABLE webhook_outbox ADD COLUMN retry_until_ms BIGINT NOT NULL DEFAULT 0;
UPDATE webhook_outbox SET retry_until_ms = created_at * 1000 + 259200000;
-- When retrying stopped (Unix seconds): the event is "failed" until it is redelivered.
ALTER TABLE webhook_outbox ADD COLUMN failed_at BIGINT;
-- Claims and listings go by program, oldest first.
CREATE INDEX webhook_outbox_program ON webhook_outbox (program_id, created_at, event_id);
