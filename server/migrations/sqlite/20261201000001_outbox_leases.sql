-- Outbox rows are claimed in batches with a lease: the owner (a node's id) and until when.
-- Only the lease holder records a delivery; an expired lease is claimable by any node.
ALTER TABLE webhook_outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE webhook_outbox ADD COLUMN lease_until_ms BIGINT;
