-- Caseworkers act for their clients as far as each person chose:
--   delegations.scopes: what the organisation may do (codes, comma-separated; VIEW always).
--     Delegations made before keep what they allowed: seeing and editing the profile.
--   who acted, and for which organisation, on every application move, enrolment step,
--     contact answer and consent decision (NULL: the person themselves).
--   enrolment_events: an enrolment's history, as applications have one. Enrolments made
--     before start theirs with the state they are in, by nobody known.
--   consent_records: the decisions of a person without an account yet (a profile a
--     caseworker created) are kept against the profile until the person claims it, with the
--     channel the person used.

ALTER TABLE delegations ADD COLUMN scopes TEXT NOT NULL DEFAULT 'VIEW,EDIT_PROFILE';

ALTER TABLE application_events ADD COLUMN acting_for BLOB REFERENCES organisations (id) ON DELETE SET NULL;

CREATE TABLE enrolment_events (
    id           BLOB PRIMARY KEY NOT NULL,
    enrolment_id BLOB NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'COMPLETED', 'DROPPED')),
    actor_id     BLOB REFERENCES users (id) ON DELETE SET NULL,
    acting_for   BLOB REFERENCES organisations (id) ON DELETE SET NULL,
    at           TEXT NOT NULL
);
CREATE INDEX enrolment_events_enrolment_idx ON enrolment_events (enrolment_id, at);
INSERT INTO enrolment_events (id, enrolment_id, status, at)
    SELECT id, id, status, updated_at FROM enrolments;

ALTER TABLE contact_requests ADD COLUMN decided_by BLOB REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE contact_requests ADD COLUMN decided_for BLOB REFERENCES organisations (id) ON DELETE SET NULL;

CREATE TABLE consent_records_with_subjects (
    id          BLOB PRIMARY KEY NOT NULL,
    user_id     BLOB REFERENCES users (id) ON DELETE CASCADE,
    profile_id  BLOB REFERENCES profiles (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('MATCHING', 'SHARING_WITH_EMPLOYERS', 'ANALYTICS')),
    granted     INTEGER NOT NULL CHECK (granted IN (0, 1)),
    recorded_at TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT 'ONLINE' CHECK (channel IN ('ONLINE', 'IN_PERSON', 'PAPER', 'PHONE')),
    recorded_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    acting_for  BLOB REFERENCES organisations (id) ON DELETE SET NULL,
    CHECK ((user_id IS NULL) <> (profile_id IS NULL))
);
INSERT INTO consent_records_with_subjects (id, user_id, purpose, granted, recorded_at, recorded_by)
    SELECT id, user_id, purpose, granted, recorded_at, user_id FROM consent_records;
DROP TABLE consent_records;
ALTER TABLE consent_records_with_subjects RENAME TO consent_records;
CREATE INDEX consent_records_user_idx ON consent_records (user_id, purpose, recorded_at);
CREATE INDEX consent_records_profile_idx ON consent_records (profile_id, recorded_at);

-- Every reader of a profile is in the person's access log: caseworkers (PROFILE, for their
-- support organisation) and trainers, who see a participant's name and contact
-- (PARTICIPANT, for their training provider).
CREATE TABLE profile_access_log_with_participants (
    id              BLOB PRIMARY KEY NOT NULL,
    profile_id      BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    organisation_id BLOB REFERENCES organisations (id) ON DELETE SET NULL,
    viewer_id       BLOB REFERENCES users (id) ON DELETE SET NULL,
    view            TEXT NOT NULL CHECK (view IN ('CARD', 'PROFILE', 'PARTICIPANT')),
    viewed_at       TEXT NOT NULL
);
INSERT INTO profile_access_log_with_participants
    SELECT id, profile_id, organisation_id, viewer_id, view, viewed_at FROM profile_access_log;
DROP TABLE profile_access_log;
ALTER TABLE profile_access_log_with_participants RENAME TO profile_access_log;
CREATE INDEX profile_access_log_profile_idx ON profile_access_log (profile_id, viewed_at);
