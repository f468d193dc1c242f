-- Applications to vacancies with their history, the placements hires become, and
-- enrolments in course cohorts.

CREATE TABLE applications (
    id         BLOB PRIMARY KEY NOT NULL,
    vacancy_id BLOB NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    profile_id BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    message    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('SUBMITTED', 'REVIEWED', 'INTERVIEW', 'OFFER', 'HIRED', 'REJECTED', 'WITHDRAWN')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (vacancy_id, profile_id)
);
CREATE INDEX applications_profile_idx ON applications (profile_id);

CREATE TABLE application_events (
    id             BLOB PRIMARY KEY NOT NULL,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('SUBMITTED', 'REVIEWED', 'INTERVIEW', 'OFFER', 'HIRED', 'REJECTED', 'WITHDRAWN')),
    reason         TEXT,
    actor_id       BLOB REFERENCES users (id) ON DELETE SET NULL,
    at             TEXT NOT NULL
);
CREATE INDEX application_events_application_idx ON application_events (application_id, at);

CREATE TABLE placements (
    id             BLOB PRIMARY KEY NOT NULL,
    application_id BLOB NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    vacancy_id     BLOB NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    profile_id     BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    starts_on      TEXT NOT NULL,
    contract_type  TEXT NOT NULL CHECK (contract_type IN ('PERMANENT', 'FIXED_TERM', 'SEASONAL', 'APPRENTICESHIP', 'INTERNSHIP', 'PART_TIME')),
    created_at     TEXT NOT NULL
);
CREATE INDEX placements_vacancy_idx ON placements (vacancy_id);
CREATE INDEX placements_profile_idx ON placements (profile_id);

CREATE TABLE enrolments (
    id             BLOB PRIMARY KEY NOT NULL,
    cohort_id      BLOB NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    profile_id     BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'COMPLETED', 'DROPPED')),
    certify_skills INTEGER NOT NULL DEFAULT 0 CHECK (certify_skills IN (0, 1)),
    created_at     TEXT NOT NULL,              -- arrival: the waiting list's order
    updated_at     TEXT NOT NULL
);
-- One seat or queue place per person and cohort.
CREATE UNIQUE INDEX enrolments_active_key ON enrolments (cohort_id, profile_id) WHERE status IN ('CONFIRMED', 'WAITLISTED');
CREATE INDEX enrolments_cohort_idx ON enrolments (cohort_id, status, created_at);
CREATE INDEX enrolments_profile_idx ON enrolments (profile_id);
