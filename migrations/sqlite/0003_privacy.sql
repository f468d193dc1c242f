-- Privacy: consent records (a history: each change is a new row, the latest per purpose is
-- in force) and erasures, which keep only an anonymised count (role and month) of the
-- accounts erased.

CREATE TABLE consent_records (
    id          BLOB PRIMARY KEY NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('MATCHING', 'SHARING_WITH_EMPLOYERS', 'ANALYTICS')),
    granted     INTEGER NOT NULL CHECK (granted IN (0, 1)),
    recorded_at TEXT NOT NULL
);
CREATE INDEX consent_records_user_idx ON consent_records (user_id, purpose, recorded_at);

CREATE TABLE erasures (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    role   TEXT NOT NULL,
    month  TEXT NOT NULL                     -- YYYY-MM
);
