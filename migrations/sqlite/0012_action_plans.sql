-- Action plans a caseworker and their client share, per person and support organisation:
-- goals, and steps towards them. A step linked to a vacancy or a cohort is marked DONE by the
-- transaction that applies or confirms the seat.

CREATE TABLE action_plan_goals (
    id               BLOB PRIMARY KEY NOT NULL,
    profile_id       BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    organisation_id  BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('OCCUPATION', 'LANGUAGE_LEVEL', 'RECOGNITION', 'OTHER')),
    description      TEXT NOT NULL DEFAULT '',
    occupation_id    BLOB REFERENCES occupations (id) ON DELETE SET NULL,
    language         TEXT,
    level            TEXT,
    qualification_id BLOB REFERENCES profile_qualifications (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX action_plan_goals_plan_idx ON action_plan_goals (profile_id, organisation_id, created_at);

CREATE TABLE action_plan_steps (
    id              BLOB PRIMARY KEY NOT NULL,
    profile_id      BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    organisation_id BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    goal_id         BLOB REFERENCES action_plan_goals (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('APPLY', 'ENROL', 'APPOINTMENT', 'DOCUMENTS', 'OTHER')),
    title           TEXT NOT NULL,
    due_on          TEXT,
    vacancy_id      BLOB REFERENCES vacancies (id) ON DELETE SET NULL,
    cohort_id       BLOB REFERENCES cohorts (id) ON DELETE SET NULL,
    appointment_at  TEXT,
    note            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('OPEN', 'DONE', 'CANCELLED')),
    created_by      BLOB REFERENCES users (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    completed_at    TEXT
);
CREATE INDEX action_plan_steps_plan_idx ON action_plan_steps (profile_id, organisation_id);
CREATE INDEX action_plan_steps_vacancy_idx ON action_plan_steps (vacancy_id) WHERE status = 'OPEN';
CREATE INDEX action_plan_steps_cohort_idx ON action_plan_steps (cohort_id) WHERE status = 'OPEN';
