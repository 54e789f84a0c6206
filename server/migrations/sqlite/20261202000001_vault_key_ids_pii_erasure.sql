-- Which vault key sealed an entry ('' for entries from before key ids: tried with each key).
ALTER TABLE vault_entries ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
-- When a terminal session's recipient name and postal code were erased (retention passed).
ALTER TABLE sessions ADD COLUMN pii_erased_at BIGINT;
