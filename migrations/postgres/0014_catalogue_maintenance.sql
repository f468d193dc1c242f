-- Trainers run their catalogue (issue 17):
--   cohorts: a provider cancels a cohort with a reason; its people's enrolments end as
--     CANCELLED_BY_PROVIDER.
--   courses: an ARCHIVED course (the status existed, unused) takes no new cohorts or
--     enrolments and leaves search.

ALTER TABLE cohorts ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE cohorts ADD COLUMN cancel_reason TEXT;

ALTER TABLE enrolments DROP CONSTRAINT enrolments_status_check;
ALTER TABLE enrolments ADD CONSTRAINT enrolments_status_check
    CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'CANCELLED_BY_PROVIDER', 'COMPLETED', 'DROPPED'));
ALTER TABLE enrolment_events DROP CONSTRAINT enrolment_events_status_check;
ALTER TABLE enrolment_events ADD CONSTRAINT enrolment_events_status_check
    CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'CANCELLED_BY_PROVIDER', 'COMPLETED', 'DROPPED'));
