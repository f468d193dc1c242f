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

ALTER TABLE application_events ADD COLUMN acting_for UUID REFERENCES organisations (id) ON DELETE SET NULL;

CREATE TABLE enrolment_events (
    id           UUID PRIMARY KEY NOT NULL,
    enrolment_id UUID NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'COMPLETED', 'DROPPED')),
    actor_id     UUID REFERENCES users (id) ON DELETE SET NULL,
    acting_for   UUID REFERENCES organisations (id) ON DELETE SET NULL,
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX enrolment_events_enrolment_idx ON enrolment_events (enrolment_id, at);
INSERT INTO enrolment_events (id, enrolment_id, status, at)
    SELECT id, id, status, updated_at FROM enrolments;

ALTER TABLE contact_requests
    ADD COLUMN decided_by UUID REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN decided_for UUID REFERENCES organisations (id) ON DELETE SET NULL;

ALTER TABLE consent_records
    ALTER COLUMN user_id DROP NOT NULL,
    ADD COLUMN profile_id UUID REFERENCES profiles (id) ON DELETE CASCADE,
    ADD COLUMN channel TEXT NOT NULL DEFAULT 'ONLINE' CHECK (channel IN ('ONLINE', 'IN_PERSON', 'PAPER', 'PHONE')),
    ADD COLUMN recorded_by UUID REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN acting_for UUID REFERENCES organisations (id) ON DELETE SET NULL,
    ADD CONSTRAINT consent_records_subject CHECK ((user_id IS NULL) <> (profile_id IS NULL));
UPDATE consent_records SET recorded_by = user_id;
CREATE INDEX consent_records_profile_idx ON consent_records (profile_id, recorded_at);

-- Every reader of a profile is in the person's access log: caseworkers (PROFILE, for their
-- support organisation) and trainers, who see a participant's name and contact
-- (PARTICIPANT, for their training provider).
ALTER TABLE profile_access_log DROP CONSTRAINT profile_access_log_view_check;
ALTER TABLE profile_access_log ADD CONSTRAINT profile_access_log_view_check
    CHECK (view IN ('CARD', 'PROFILE', 'PARTICIPANT'));
