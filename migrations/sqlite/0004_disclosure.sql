-- What employers may see of a profile, and the record of what they saw.
--   contact_requests: an employer organisation asks to see a candidate; the person decides.
--   profile_disclosures: the organisations a profile is revealed to (accepted request, or an
--     application), and why.
--   profile_access_log: every employer view of a card or a profile, readable by the person.

CREATE TABLE contact_requests (
    id              BLOB PRIMARY KEY NOT NULL,
    profile_id      BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    organisation_id BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    requested_by    BLOB REFERENCES users (id) ON DELETE SET NULL,
    message         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED')),
    created_at      TEXT NOT NULL,
    decided_at      TEXT
);
-- One open request per organisation and candidate.
CREATE UNIQUE INDEX contact_requests_pending_key ON contact_requests (profile_id, organisation_id) WHERE status = 'PENDING';
CREATE INDEX contact_requests_profile_idx ON contact_requests (profile_id, created_at);

CREATE TABLE profile_disclosures (
    profile_id      BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    organisation_id BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    reason          TEXT NOT NULL CHECK (reason IN ('CONTACT_ACCEPTED', 'APPLIED')),
    disclosed_at    TEXT NOT NULL,
    PRIMARY KEY (profile_id, organisation_id)
);

CREATE TABLE profile_access_log (
    id              BLOB PRIMARY KEY NOT NULL,
    profile_id      BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    organisation_id BLOB REFERENCES organisations (id) ON DELETE SET NULL,
    viewer_id       BLOB REFERENCES users (id) ON DELETE SET NULL,
    view            TEXT NOT NULL CHECK (view IN ('CARD', 'PROFILE')),
    viewed_at       TEXT NOT NULL
);
CREATE INDEX profile_access_log_profile_idx ON profile_access_log (profile_id, viewed_at);
