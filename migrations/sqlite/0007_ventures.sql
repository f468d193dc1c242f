-- The entrepreneurship track: ventures people plan or run, and the mentoring that members
-- of organisations offer by sector and skills.

CREATE TABLE ventures (
    id          BLOB PRIMARY KEY NOT NULL,
    profile_id  BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- A NACE Rev. 2 section, by name.
    sector      TEXT NOT NULL,
    stage       TEXT NOT NULL CHECK (stage IN ('IDEA', 'PLANNING', 'LAUNCHED')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX ventures_profile_idx ON ventures (profile_id);

CREATE TABLE venture_skills (
    venture_id BLOB NOT NULL REFERENCES ventures (id) ON DELETE CASCADE,
    skill_id   BLOB NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    PRIMARY KEY (venture_id, skill_id)
);

-- An offer lives as long as the membership it is made through.
CREATE TABLE mentor_offers (
    id              BLOB PRIMARY KEY NOT NULL,
    organisation_id BLOB NOT NULL,
    user_id         BLOB NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (organisation_id, user_id),
    FOREIGN KEY (organisation_id, user_id) REFERENCES memberships (organisation_id, user_id) ON DELETE CASCADE
);
CREATE INDEX mentor_offers_user_idx ON mentor_offers (user_id);

CREATE TABLE mentor_sectors (
    offer_id BLOB NOT NULL REFERENCES mentor_offers (id) ON DELETE CASCADE,
    sector   TEXT NOT NULL,
    PRIMARY KEY (offer_id, sector)
);
CREATE INDEX mentor_sectors_sector_idx ON mentor_sectors (sector);

CREATE TABLE mentor_skills (
    offer_id BLOB NOT NULL REFERENCES mentor_offers (id) ON DELETE CASCADE,
    skill_id BLOB NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    PRIMARY KEY (offer_id, skill_id)
);
CREATE INDEX mentor_skills_skill_idx ON mentor_skills (skill_id);

-- Language courses say which language they teach and the CEFR level they lead to, so that
-- a language gap gets a language course.
ALTER TABLE courses ADD COLUMN taught_language TEXT;
ALTER TABLE courses ADD COLUMN taught_level TEXT CHECK (taught_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2'));
CREATE INDEX courses_taught_language_idx ON courses (taught_language);
