-- Trainers run their catalogue (issue 17):
--   cohorts: a provider cancels a cohort with a reason; its people's enrolments end as
--     CANCELLED_BY_PROVIDER (enrolments and their history rebuilt for the new status,
--     since SQLite cannot change a CHECK).
--   courses: an ARCHIVED course (the status existed, unused) takes no new cohorts or
--     enrolments and leaves search.

ALTER TABLE cohorts ADD COLUMN cancelled_at TEXT;
ALTER TABLE cohorts ADD COLUMN cancel_reason TEXT;

CREATE TABLE enrolments_v2 (
    id             BLOB PRIMARY KEY NOT NULL,
    cohort_id      BLOB NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    profile_id     BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'CANCELLED_BY_PROVIDER', 'COMPLETED', 'DROPPED')),
    certify_skills INTEGER NOT NULL DEFAULT 0 CHECK (certify_skills IN (0, 1)),
    created_at     TEXT NOT NULL,              -- arrival: the waiting list's order
    updated_at     TEXT NOT NULL
);
INSERT INTO enrolments_v2 (id, cohort_id, profile_id, status, certify_skills, created_at, updated_at)
    SELECT id, cohort_id, profile_id, status, certify_skills, created_at, updated_at FROM enrolments;

CREATE TABLE enrolment_events_v2 (
    id           BLOB PRIMARY KEY NOT NULL,
    enrolment_id BLOB NOT NULL REFERENCES enrolments_v2 (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'CANCELLED_BY_PROVIDER', 'COMPLETED', 'DROPPED')),
    actor_id     BLOB REFERENCES users (id) ON DELETE SET NULL,
    acting_for   BLOB REFERENCES organisations (id) ON DELETE SET NULL,
    at           TEXT NOT NULL
);
INSERT INTO enrolment_events_v2 (id, enrolment_id, status, actor_id, acting_for, at)
    SELECT id, enrolment_id, status, actor_id, acting_for, at FROM enrolment_events;

DROP TABLE enrolment_events;
DROP TABLE enrolments;
ALTER TABLE enrolments_v2 RENAME TO enrolments;
ALTER TABLE enrolment_events_v2 RENAME TO enrolment_events;
-- One seat or queue place per person and cohort.
CREATE UNIQUE INDEX enrolments_active_key ON enrolments (cohort_id, profile_id) WHERE status IN ('CONFIRMED', 'WAITLISTED');
CREATE INDEX enrolments_cohort_idx ON enrolments (cohort_id, status, created_at);
CREATE INDEX enrolments_profile_idx ON enrolments (profile_id);
CREATE INDEX enrolment_events_enrolment_idx ON enrolment_events (enrolment_id, at);
