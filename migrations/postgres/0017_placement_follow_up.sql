-- Placement follow-up (issue 17): the day a fixed-term or seasonal contract ends, and the
-- check-ins at 3, 6 and 12 months that say whether the person stayed in work. The note is
-- for the person and their caseworkers only.

ALTER TABLE placements ADD COLUMN ends_on DATE;

CREATE TABLE placement_check_ins (
    id           UUID PRIMARY KEY NOT NULL,
    placement_id UUID NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    months       INTEGER NOT NULL CHECK (months IN (3, 6, 12)),
    outcome      TEXT NOT NULL CHECK (outcome IN ('STILL_EMPLOYED', 'CHANGED_EMPLOYER', 'LEFT_WORK')),
    reason       TEXT CHECK (reason IN ('CONTRACT_ENDED', 'BETTER_OFFER', 'DISMISSED', 'RESIGNED', 'WORKING_CONDITIONS', 'HEALTH', 'CARE_DUTIES', 'RELOCATED', 'STUDIES', 'RESIDENCE_PERMIT', 'OTHER')),
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  UUID REFERENCES users (id) ON DELETE SET NULL,
    acting_for   UUID REFERENCES organisations (id) ON DELETE SET NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (placement_id, months)
);
