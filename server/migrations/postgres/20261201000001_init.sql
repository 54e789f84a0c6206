-- capture-server schema, PostgreSQL (the same tables as the SQLite migrations, one file).

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    program_id TEXT NOT NULL,
    status TEXT NOT NULL,
    participant_unique_id1 TEXT NOT NULL,
    participant_unique_id2 TEXT NOT NULL,
    language_locale_code TEXT NOT NULL,
    host_uri TEXT NOT NULL,
    funding_destinations TEXT NOT NULL,
    recipient_first_name TEXT NOT NULL,
    recipient_last_name TEXT NOT NULL,
    recipient_postal_code TEXT NOT NULL,
    client_reference_id TEXT,
    metadata TEXT NOT NULL,
    return_url TEXT,
    attempt_count BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    bound_thumbprint TEXT,
    bound_jwk TEXT,
    binding_cookie_sha256 TEXT,
    customer_account_token TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_program ON sessions (program_id);

-- Single-use mount tokens; only the SHA-256 of a token is kept.
CREATE TABLE mount_tokens (
    token_sha256 TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX mount_tokens_session ON mount_tokens (session_id);

-- Idempotency keys, scoped to the program; the claim is the primary key.
CREATE TABLE idempotency_keys (
    program_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    session_id TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (program_id, idem_key)
);

-- One-time ids of proofs already accepted.
CREATE TABLE used_jti (
    session_id TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, jti)
);

-- The vault: account data only encrypted (AES-256-GCM); last4 and brand in clear.
CREATE TABLE vault_entries (
    token TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    funding_destination TEXT NOT NULL,
    brand TEXT,
    last4 TEXT NOT NULL,
    nonce_hex TEXT NOT NULL,
    ciphertext_hex TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Durable webhook outbox.
CREATE TABLE webhook_outbox (
    event_id TEXT PRIMARY KEY,
    program_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    url TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at_ms BIGINT NOT NULL,
    delivered_at BIGINT,
    last_status BIGINT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (delivered_at, next_attempt_at_ms);

-- Outbox leases (see the SQLite migration 20261201000001_outbox_leases).
ALTER TABLE webhook_outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE webhook_outbox ADD COLUMN lease_until_ms BIGINT;
