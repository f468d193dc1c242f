-- Employers train their staff (issue 17): members of an employer organisation book seats
-- in cohorts of EMPLOYER_STAFF courses for named staff, counted against the cohort's seats
-- like anyone's. All or nothing: no waiting list for a booking.

CREATE TABLE staff_enrolments (
    id              UUID PRIMARY KEY NOT NULL,
    cohort_id       UUID NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    organisation_id UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    seats           INTEGER NOT NULL CHECK (seats >= 1),
    -- The participants' names, one per line (as many as seats at most).
    names           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'CANCELLED')),
    enrolled_by     UUID REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX staff_enrolments_cohort_idx ON staff_enrolments (cohort_id, status);
CREATE INDEX staff_enrolments_organisation_idx ON staff_enrolments (organisation_id, created_at);
