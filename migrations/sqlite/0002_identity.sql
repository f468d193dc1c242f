-- Identity: refresh tokens (stored hashed, rotated on every use, grouped in families so
-- that reuse of a rotated token revokes every token descended from the same login) and
-- failed login attempts (for rate limiting across every API process).

CREATE TABLE refresh_tokens (
    id         BLOB PRIMARY KEY NOT NULL,
    user_id    BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  BLOB NOT NULL,                -- the login this token descends from
    token_hash TEXT NOT NULL UNIQUE,         -- SHA-256 of the token, hex
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,                         -- set when rotated
    revoked_at TEXT                          -- set on logout or reuse
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- `key` is `account:<sha256 of the email>` or `address:<client address>`: no address book of
-- people who mistyped their email.
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    key       TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key, failed_at);
CREATE INDEX login_failures_time_idx ON login_failures (failed_at);

-- Invitations to join an organisation: addressed to an email, accepted with the token the
-- inviter passes on (only its hash is kept) by the account with that email.
CREATE TABLE organisation_invitations (
    id              BLOB PRIMARY KEY NOT NULL,
    organisation_id BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('OWNER', 'MEMBER')),
    token_hash      TEXT NOT NULL UNIQUE,
    invited_by      BLOB REFERENCES users (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    accepted_at     TEXT,
    accepted_by     BLOB REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX organisation_invitations_org_idx ON organisation_invitations (organisation_id);
