-- Caseworker delegation: a person lets a support organisation manage their profile, and can
-- take it back; and profiles a caseworker created for someone without an account, waiting
-- to be claimed with a one-time token (kept only as a hash).

CREATE TABLE delegations (
    profile_id      UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    organisation_id UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    granted_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ,
    PRIMARY KEY (profile_id, organisation_id)
);
CREATE INDEX delegations_organisation_idx ON delegations (organisation_id);

CREATE TABLE profile_claims (
    profile_id UUID PRIMARY KEY NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL
);
