-- Skillbridge first schema (PostgreSQL). Kept in step with migrations/sqlite/0001_initial.sql:
-- same tables, columns and constraints, each in the database's own types.
--   ids          UUID (v7)
--   timestamps   TIMESTAMPTZ (UTC)
--   dates        DATE
--   booleans     BOOLEAN
--   money        INTEGER minor units + ISO 4217 currency code

-- Identity ------------------------------------------------------------------------------------

CREATE TABLE users (
    id            UUID PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL,               -- normalised to lower case by the domain
    password_hash TEXT,                        -- NULL for people a caseworker registered
    role          TEXT NOT NULL CHECK (role IN ('MIGRANT', 'EMPLOYER', 'TRAINER', 'CASEWORKER', 'ADMIN')),
    display_name  TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE organisations (
    id           UUID PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('EMPLOYER', 'TRAINING_PROVIDER', 'SUPPORT_ORGANISATION')),
    name         TEXT NOT NULL,
    country_code TEXT,                         -- ISO 3166-1 alpha-2
    website      TEXT,
    verified_at  TIMESTAMPTZ,                         -- set by an ADMIN
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    organisation_id UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id         UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('OWNER', 'MEMBER')),
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- Taxonomy (ESCO) -----------------------------------------------------------------------------

CREATE TABLE isco_groups (
    code        TEXT PRIMARY KEY NOT NULL CHECK (char_length(code) BETWEEN 1 AND 4),
    uri         TEXT NOT NULL UNIQUE,
    parent_code TEXT REFERENCES isco_groups (code)
);

CREATE TABLE isco_group_labels (
    code            TEXT NOT NULL REFERENCES isco_groups (code) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    preferred_label TEXT NOT NULL,
    description     TEXT,
    PRIMARY KEY (code, lang)
);

-- Skills and skill groups share one table so that the ESCO hierarchy (a skill's broader concept
-- may be a skill or a group) is one self-reference.
CREATE TABLE skills (
    id          UUID PRIMARY KEY NOT NULL,
    uri         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('SKILL', 'SKILL_GROUP')),
    skill_type  TEXT CHECK (skill_type IN ('KNOWLEDGE', 'SKILL_COMPETENCE')),
    reuse_level TEXT CHECK (reuse_level IN ('TRANSVERSAL', 'CROSS_SECTOR', 'SECTOR_SPECIFIC', 'OCCUPATION_SPECIFIC')),
    status      TEXT,
    modified_at TIMESTAMPTZ
);

CREATE TABLE skill_labels (
    skill_id        UUID NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    preferred_label TEXT NOT NULL,
    label_key       TEXT NOT NULL,            -- preferred_label folded by the domain, for matching and order
    description     TEXT,
    PRIMARY KEY (skill_id, lang)
);

CREATE TABLE skill_alt_labels (
    skill_id UUID NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    lang     TEXT NOT NULL,
    label    TEXT NOT NULL,
    label_key TEXT NOT NULL,
    hidden   BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (skill_id, lang, label)
);

CREATE TABLE skill_broader (
    skill_id   UUID NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    broader_id UUID NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    PRIMARY KEY (skill_id, broader_id)
);
CREATE INDEX skill_broader_broader_idx ON skill_broader (broader_id);

CREATE TABLE occupations (
    id                        UUID PRIMARY KEY NOT NULL,
    uri                       TEXT NOT NULL UNIQUE,
    isco_code                 TEXT REFERENCES isco_groups (code),
    status                    TEXT,
    regulated_profession_note TEXT,
    modified_at               TIMESTAMPTZ
);
CREATE INDEX occupations_isco_idx ON occupations (isco_code);

CREATE TABLE occupation_labels (
    occupation_id   UUID NOT NULL REFERENCES occupations (id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    preferred_label TEXT NOT NULL,
    label_key       TEXT NOT NULL,
    description     TEXT,
    PRIMARY KEY (occupation_id, lang)
);

CREATE TABLE occupation_alt_labels (
    occupation_id UUID NOT NULL REFERENCES occupations (id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    label         TEXT NOT NULL,
    label_key     TEXT NOT NULL,
    hidden        BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (occupation_id, lang, label)
);

CREATE TABLE occupation_skills (
    occupation_id UUID NOT NULL REFERENCES occupations (id) ON DELETE CASCADE,
    skill_id      UUID NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    relation      TEXT NOT NULL CHECK (relation IN ('ESSENTIAL', 'OPTIONAL', 'UNSPECIFIED')),
    PRIMARY KEY (occupation_id, skill_id)
);
CREATE INDEX occupation_skills_skill_idx ON occupation_skills (skill_id);
CREATE INDEX skill_labels_key_idx ON skill_labels (lang, label_key);
CREATE INDEX skill_alt_labels_key_idx ON skill_alt_labels (lang, label_key);
CREATE INDEX occupation_labels_key_idx ON occupation_labels (lang, label_key);
CREATE INDEX occupation_alt_labels_key_idx ON occupation_alt_labels (lang, label_key);

-- Shortage occupations: national, regional or EU-wide lists (EURES / ELA reports). An entry
-- names an ISCO-08 group or an ESCO occupation ('' where not given, so that the natural key
-- is unique without NULLs).
CREATE TABLE shortage_occupations (
    id               UUID PRIMARY KEY NOT NULL,
    region           TEXT NOT NULL,           -- ISO 3166-1 alpha-2, ISO 3166-2, or EU
    isco_code        TEXT NOT NULL DEFAULT '',
    occupation_uri   TEXT NOT NULL DEFAULT '',
    occupation_label TEXT NOT NULL DEFAULT '',
    severity         TEXT NOT NULL,           -- the report's own word
    source           TEXT NOT NULL,
    valid_from       DATE NOT NULL,
    valid_to         DATE,
    CHECK (isco_code <> '' OR occupation_uri <> ''),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX shortage_occupations_key ON shortage_occupations (region, isco_code, occupation_uri, source, valid_from);
CREATE INDEX shortage_occupations_isco_idx ON shortage_occupations (isco_code);

-- Profiles (migrants) -------------------------------------------------------------------------

CREATE TABLE profiles (
    id                  UUID PRIMARY KEY NOT NULL,
    user_id             UUID UNIQUE REFERENCES users (id) ON DELETE CASCADE, -- NULL until claimed
    created_by          UUID REFERENCES users (id) ON DELETE SET NULL,
    display_name        TEXT NOT NULL,
    contact_email       TEXT,
    contact_phone       TEXT,
    birth_year          INTEGER CHECK (birth_year BETWEEN 1900 AND 2100),
    gender              TEXT,                 -- self-declared, free text, optional
    country_of_origin   TEXT,                 -- ISO 3166-1 alpha-2
    arrival_date        DATE,
    right_to_work       TEXT NOT NULL DEFAULT 'UNKNOWN' CHECK (right_to_work IN ('YES', 'PENDING', 'NO', 'UNKNOWN')),
    place_name          TEXT,
    country_code        TEXT,
    region_code         TEXT,                 -- ISO 3166-2
    latitude            DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude           DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    mobility_radius_km  INTEGER CHECK (mobility_radius_km >= 0),
    willing_to_relocate BOOLEAN NOT NULL DEFAULT FALSE,
    available_from      DATE,
    intended_stay       TEXT CHECK (intended_stay IN ('SETTLED', 'TEMPORARY', 'SEASONAL_OR_CIRCULAR')),
    visibility          TEXT NOT NULL DEFAULT 'PRIVATE' CHECK (visibility IN ('PRIVATE', 'ANONYMISED', 'VISIBLE')),
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE profile_skills (
    profile_id  UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    skill_id    UUID NOT NULL REFERENCES skills (id),
    proficiency TEXT NOT NULL CHECK (proficiency IN ('BASIC', 'INTERMEDIATE', 'ADVANCED', 'EXPERT')),
    evidence    TEXT NOT NULL CHECK (evidence IN ('SELF_DECLARED', 'CASEWORKER_ASSESSED', 'CERTIFIED', 'INFERRED_FROM_EXPERIENCE')),
    PRIMARY KEY (profile_id, skill_id)
);
CREATE INDEX profile_skills_skill_idx ON profile_skills (skill_id);

CREATE TABLE profile_languages (
    profile_id    UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    language      TEXT NOT NULL,              -- ISO 639-1
    level         TEXT NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    mother_tongue BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (profile_id, language)
);

CREATE TABLE profile_qualifications (
    id                 UUID PRIMARY KEY NOT NULL,
    profile_id         UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    eqf_level          INTEGER CHECK (eqf_level BETWEEN 1 AND 8),
    country_code       TEXT,
    recognition_status TEXT NOT NULL DEFAULT 'NOT_STARTED' CHECK (recognition_status IN ('NOT_STARTED', 'IN_PROGRESS', 'RECOGNISED', 'PARTIAL', 'REFUSED'))
);
CREATE INDEX profile_qualifications_profile_idx ON profile_qualifications (profile_id);

CREATE TABLE profile_experiences (
    id            UUID PRIMARY KEY NOT NULL,
    profile_id    UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    occupation_id UUID REFERENCES occupations (id),
    title         TEXT,
    kind          TEXT NOT NULL CHECK (kind IN ('WAGED', 'SELF_EMPLOYED', 'UNPAID')),
    years         DOUBLE PRECISION NOT NULL CHECK (years >= 0),
    country_code  TEXT
);
CREATE INDEX profile_experiences_profile_idx ON profile_experiences (profile_id);

CREATE TABLE profile_desired_occupations (
    profile_id    UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    occupation_id UUID NOT NULL REFERENCES occupations (id),
    position      INTEGER NOT NULL,              -- the order the person gave
    PRIMARY KEY (profile_id, occupation_id)
);

CREATE TABLE profile_tracks (
    profile_id UUID NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    track      TEXT NOT NULL CHECK (track IN ('YOUTH', 'WOMEN', 'ENTREPRENEURSHIP')),
    PRIMARY KEY (profile_id, track)
);

-- Vacancies (employers) -----------------------------------------------------------------------

CREATE TABLE vacancies (
    id               UUID PRIMARY KEY NOT NULL,
    organisation_id  UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    occupation_id    UUID REFERENCES occupations (id),
    isco_code        TEXT,                    -- derived from the occupation
    place_name       TEXT,
    country_code     TEXT,
    region_code      TEXT,
    latitude         DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude        DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    remote           BOOLEAN NOT NULL DEFAULT FALSE,
    contract_type    TEXT NOT NULL CHECK (contract_type IN ('PERMANENT', 'FIXED_TERM', 'SEASONAL', 'APPRENTICESHIP', 'INTERNSHIP', 'PART_TIME')),
    hours_per_week   DOUBLE PRECISION CHECK (hours_per_week > 0),
    salary_min       BIGINT CHECK (salary_min >= 0),
    salary_max       BIGINT CHECK (salary_max >= 0),
    salary_currency  TEXT,                    -- ISO 4217
    positions        INTEGER NOT NULL DEFAULT 1 CHECK (positions > 0),
    starts_on        DATE,
    closes_on        DATE,
    visa_sponsorship BOOLEAN NOT NULL DEFAULT FALSE,
    status           TEXT NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'OPEN', 'CLOSED', 'FILLED')),
    published_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max)
);
CREATE INDEX vacancies_organisation_idx ON vacancies (organisation_id);
CREATE INDEX vacancies_status_idx ON vacancies (status, published_at);
CREATE INDEX vacancies_occupation_idx ON vacancies (occupation_id);

CREATE TABLE vacancy_skills (
    vacancy_id      UUID NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    skill_id        UUID NOT NULL REFERENCES skills (id),
    requirement     TEXT NOT NULL CHECK (requirement IN ('ESSENTIAL', 'OPTIONAL')),
    min_proficiency TEXT CHECK (min_proficiency IN ('BASIC', 'INTERMEDIATE', 'ADVANCED', 'EXPERT')),
    PRIMARY KEY (vacancy_id, skill_id)
);
CREATE INDEX vacancy_skills_skill_idx ON vacancy_skills (skill_id);

CREATE TABLE vacancy_languages (
    vacancy_id UUID NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    language   TEXT NOT NULL,
    min_level  TEXT NOT NULL CHECK (min_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    PRIMARY KEY (vacancy_id, language)
);

CREATE TABLE vacancy_inclusion_support (
    vacancy_id UUID NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    support    TEXT NOT NULL CHECK (support IN ('LANGUAGE_SUPPORT', 'CHILDCARE', 'FLEXIBLE_HOURS', 'MENTORING')),
    PRIMARY KEY (vacancy_id, support)
);

CREATE TABLE vacancy_tracks (
    vacancy_id UUID NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    track      TEXT NOT NULL CHECK (track IN ('YOUTH', 'WOMEN', 'ENTREPRENEURSHIP')),
    PRIMARY KEY (vacancy_id, track)
);

-- Courses (trainers) --------------------------------------------------------------------------

CREATE TABLE courses (
    id                   UUID PRIMARY KEY NOT NULL,
    organisation_id      UUID NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title                TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    mode                 TEXT NOT NULL CHECK (mode IN ('IN_PERSON', 'ONLINE', 'HYBRID')),
    place_name           TEXT,
    country_code         TEXT,
    region_code          TEXT,
    latitude             DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude            DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    cost_amount          BIGINT NOT NULL DEFAULT 0 CHECK (cost_amount >= 0), -- 0 = free
    cost_currency        TEXT,
    credential_name      TEXT,
    credential_eqf_level INTEGER CHECK (credential_eqf_level BETWEEN 1 AND 8),
    audience             TEXT NOT NULL DEFAULT 'JOBSEEKERS' CHECK (audience IN ('JOBSEEKERS', 'EMPLOYER_STAFF')),
    min_language         TEXT,
    min_language_level   TEXT CHECK (min_language_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    childcare            BOOLEAN NOT NULL DEFAULT FALSE,
    stipend              BOOLEAN NOT NULL DEFAULT FALSE,
    transport            BOOLEAN NOT NULL DEFAULT FALSE,
    status               TEXT NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')),
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX courses_organisation_idx ON courses (organisation_id);

CREATE TABLE course_skills (
    course_id     UUID NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    skill_id      UUID NOT NULL REFERENCES skills (id),
    level_reached TEXT NOT NULL CHECK (level_reached IN ('BASIC', 'INTERMEDIATE', 'ADVANCED', 'EXPERT')),
    PRIMARY KEY (course_id, skill_id)
);
CREATE INDEX course_skills_skill_idx ON course_skills (skill_id);

CREATE TABLE course_languages (
    course_id UUID NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    language  TEXT NOT NULL,
    PRIMARY KEY (course_id, language)
);

CREATE TABLE course_tracks (
    course_id UUID NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    track     TEXT NOT NULL CHECK (track IN ('YOUTH', 'WOMEN', 'ENTREPRENEURSHIP')),
    PRIMARY KEY (course_id, track)
);

CREATE TABLE cohorts (
    id         UUID PRIMARY KEY NOT NULL,
    course_id  UUID NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    starts_on  DATE NOT NULL,
    ends_on    DATE,
    capacity   INTEGER NOT NULL CHECK (capacity >= 0),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX cohorts_course_idx ON cohorts (course_id, starts_on);

-- Search outbox -------------------------------------------------------------------------------
-- Every write that changes a searchable document appends a row here in the same transaction;
-- the indexer drains it (at least once; upserts are idempotent).

CREATE TABLE search_outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_kind TEXT NOT NULL CHECK (document_kind IN ('SKILL', 'OCCUPATION', 'VACANCY', 'COURSE')),
    document_id   UUID NOT NULL,
    operation     TEXT NOT NULL CHECK (operation IN ('UPSERT', 'DELETE')),
    enqueued_at   TIMESTAMPTZ NOT NULL,
    available_at  TIMESTAMPTZ NOT NULL,              -- not before: backoff after a failure, or a claim's lease
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX search_outbox_available_idx ON search_outbox (available_at, id);
