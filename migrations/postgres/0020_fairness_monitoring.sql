-- Fairness monitoring (issue 18): who appeared among the first 20 of matchCandidates for a
-- vacancy (the first day they did; it goes with the person's profile), and the reports
-- computed from the funnel, which hold aggregates only and nothing about any one person.

CREATE TABLE shortlistings (
    profile_id UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    vacancy_id UUID NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    first_on   DATE NOT NULL,
    PRIMARY KEY (profile_id, vacancy_id)
);
CREATE INDEX shortlistings_day_idx ON shortlistings (first_on);

CREATE TABLE fairness_reports (
    id          UUID PRIMARY KEY NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    period_from DATE NOT NULL,
    period_until DATE NOT NULL,
    report      TEXT NOT NULL
);
CREATE INDEX fairness_reports_computed_idx ON fairness_reports (computed_at, id);
