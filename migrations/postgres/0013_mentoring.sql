-- Mentoring for every track (issue 16):
--   mentor_offers: any account offers mentoring, in its own name (organisation_id NULL,
--     one such offer per account) or through an organisation it belongs to (one each), for
--     a number of people at once (capacity), saying if it likes that the mentor came as a
--     migrant themselves (peer); with the languages it mentors in and the tracks it is for.
--   mentoring_requests: a person asks a mentor; the mentor accepts or declines; either
--     ends it. Erased with the person's profile or the mentor's account.

ALTER TABLE mentor_offers ALTER COLUMN organisation_id DROP NOT NULL;
ALTER TABLE mentor_offers ADD COLUMN capacity INTEGER NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 1 AND 20);
ALTER TABLE mentor_offers ADD COLUMN peer BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE mentor_offers ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX mentor_offers_own_name_idx ON mentor_offers (user_id) WHERE organisation_id IS NULL;

CREATE TABLE mentor_languages (
    offer_id UUID NOT NULL REFERENCES mentor_offers (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (offer_id, language)
);

CREATE TABLE mentor_tracks (
    offer_id UUID NOT NULL REFERENCES mentor_offers (id) ON DELETE CASCADE,
    track    TEXT NOT NULL CHECK (track IN ('YOUTH', 'WOMEN', 'ENTREPRENEURSHIP')),
    PRIMARY KEY (offer_id, track)
);
CREATE INDEX mentor_tracks_track_idx ON mentor_tracks (track);

CREATE TABLE mentoring_requests (
    id           UUID PRIMARY KEY NOT NULL,
    offer_id     UUID REFERENCES mentor_offers (id) ON DELETE SET NULL,
    mentor_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    profile_id   UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    venture_id   UUID REFERENCES ventures (id) ON DELETE SET NULL,
    message      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('REQUESTED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'ENDED')),
    answer       TEXT NOT NULL DEFAULT '',
    requested_by UUID REFERENCES users (id) ON DELETE SET NULL,
    acting_for   UUID REFERENCES organisations (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    answered_at  TIMESTAMPTZ,
    ended_at     TIMESTAMPTZ
);
CREATE INDEX mentoring_requests_profile_idx ON mentoring_requests (profile_id, created_at);
CREATE INDEX mentoring_requests_mentor_idx ON mentoring_requests (mentor_id, created_at);
CREATE INDEX mentoring_requests_offer_idx ON mentoring_requests (offer_id, status);
