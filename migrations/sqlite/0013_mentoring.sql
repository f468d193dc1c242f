-- Mentoring for every track (issue 16):
--   mentor_offers: any account offers mentoring, in its own name (organisation_id NULL,
--     one such offer per account) or through an organisation it belongs to (one each), for
--     a number of people at once (capacity), saying if it likes that the mentor came as a
--     migrant themselves (peer); with the languages it mentors in and the tracks it is for.
--     Rebuilt because SQLite cannot drop NOT NULL; its sectors and skills move along.
--   mentoring_requests: a person asks a mentor; the mentor accepts or declines; either
--     ends it. Erased with the person's profile or the mentor's account.

CREATE TABLE mentor_offers_v2 (
    id              BLOB PRIMARY KEY NOT NULL,
    organisation_id BLOB,
    user_id         BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note            TEXT NOT NULL DEFAULT '',
    capacity        INTEGER NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 1 AND 20),
    peer            INTEGER NOT NULL DEFAULT 0 CHECK (peer IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (organisation_id, user_id),
    FOREIGN KEY (organisation_id, user_id) REFERENCES memberships (organisation_id, user_id) ON DELETE CASCADE
);
INSERT INTO mentor_offers_v2 (id, organisation_id, user_id, note, created_at, updated_at)
    SELECT id, organisation_id, user_id, note, created_at, updated_at FROM mentor_offers;

CREATE TABLE mentor_sectors_v2 (
    offer_id BLOB NOT NULL REFERENCES mentor_offers_v2 (id) ON DELETE CASCADE,
    sector   TEXT NOT NULL,
    PRIMARY KEY (offer_id, sector)
);
INSERT INTO mentor_sectors_v2 SELECT offer_id, sector FROM mentor_sectors;

CREATE TABLE mentor_skills_v2 (
    offer_id BLOB NOT NULL REFERENCES mentor_offers_v2 (id) ON DELETE CASCADE,
    skill_id BLOB NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    PRIMARY KEY (offer_id, skill_id)
);
INSERT INTO mentor_skills_v2 SELECT offer_id, skill_id FROM mentor_skills;

DROP TABLE mentor_skills;
DROP TABLE mentor_sectors;
DROP TABLE mentor_offers;
ALTER TABLE mentor_offers_v2 RENAME TO mentor_offers;
ALTER TABLE mentor_sectors_v2 RENAME TO mentor_sectors;
ALTER TABLE mentor_skills_v2 RENAME TO mentor_skills;
CREATE INDEX mentor_offers_user_idx ON mentor_offers (user_id);
CREATE UNIQUE INDEX mentor_offers_own_name_idx ON mentor_offers (user_id) WHERE organisation_id IS NULL;
CREATE INDEX mentor_sectors_sector_idx ON mentor_sectors (sector);
CREATE INDEX mentor_skills_skill_idx ON mentor_skills (skill_id);

CREATE TABLE mentor_languages (
    offer_id BLOB NOT NULL REFERENCES mentor_offers (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (offer_id, language)
);

CREATE TABLE mentor_tracks (
    offer_id BLOB NOT NULL REFERENCES mentor_offers (id) ON DELETE CASCADE,
    track    TEXT NOT NULL CHECK (track IN ('YOUTH', 'WOMEN', 'ENTREPRENEURSHIP')),
    PRIMARY KEY (offer_id, track)
);
CREATE INDEX mentor_tracks_track_idx ON mentor_tracks (track);

CREATE TABLE mentoring_requests (
    id           BLOB PRIMARY KEY NOT NULL,
    offer_id     BLOB REFERENCES mentor_offers (id) ON DELETE SET NULL,
    mentor_id    BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    profile_id   BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    venture_id   BLOB REFERENCES ventures (id) ON DELETE SET NULL,
    message      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('REQUESTED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'ENDED')),
    answer       TEXT NOT NULL DEFAULT '',
    requested_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    acting_for   BLOB REFERENCES organisations (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    answered_at  TEXT,
    ended_at     TEXT
);
CREATE INDEX mentoring_requests_profile_idx ON mentoring_requests (profile_id, created_at);
CREATE INDEX mentoring_requests_mentor_idx ON mentoring_requests (mentor_id, created_at);
CREATE INDEX mentoring_requests_offer_idx ON mentoring_requests (offer_id, status);
