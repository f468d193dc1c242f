-- Applications to vacancies with their history, the placements hires become, and
-- enrolments in course cohorts.

CREATE TABLE applications (
    id         UUID PRIMARY KEY NOT NULL,
    vacancy_id UUID NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    profile_id UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    message    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('SUBMITTED', 'REVIEWED', 'INTERVIEW', 'OFFER', 'HIRED', 'REJECTED', 'WITHDRAWN')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (vacancy_id, profile_id)
);
CREATE INDEX applications_profile_idx ON applications (profile_id);

CREATE TABLE application_events (
    id             UUID PRIMARY KEY NOT NULL,
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('SUBMITTED', 'REVIEWED', 'INTERVIEW', 'OFFER', 'HIRED', 'REJECTED', 'WITHDRAWN')),
    reason         TEXT,
    actor_id       UUID REFERENCES users (id) ON DELETE SET NULL,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX application_events_application_idx ON application_events (application_id, at);

CREATE TABLE placements (
    id             UUID PRIMARY KEY NOT NULL,
    application_id UUID NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    vacancy_id     UUID NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    profile_id     UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    starts_on      DATE NOT NULL,
    contract_type  TEXT NOT NULL CHECK (contract_type IN ('PERMANENT', 'FIXED_TERM', 'SEASONAL', 'APPRENTICESHIP', 'INTERNSHIP', 'PART_TIME')),
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX placements_vacancy_idx ON placements (vacancy_id);
CREATE INDEX placements_profile_idx ON placements (profile_id);

CREATE TABLE enrolments (
    id             UUID PRIMARY KEY NOT NULL,
    cohort_id      UUID NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    profile_id     UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'COMPLETED', 'DROPPED')),
    certify_skills BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,       -- arrival: the waiting list's order
    updated_at     TIMESTAMPTZ NOT NULL
);
-- One seat or queue place per person and cohort.
CREATE UNIQUE INDEX enrolments_active_key ON enrolments (cohort_id, profile_id) WHERE status IN ('CONFIRMED', 'WAITLISTED');
CREATE INDEX enrolments_cohort_idx ON enrolments (cohort_id, status, created_at);
CREATE INDEX enrolments_profile_idx ON enrolments (profile_id);
