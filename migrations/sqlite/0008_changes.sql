-- The change stream: every write appends what it changed (an event naming ids only) in its
-- own transaction, and each follower (the match index, live updates) reads on from its own
-- position. SQLite admits one writer at a time, so ids commit in order and `tx` is
-- always 0 (PostgreSQL needs it to order changes by transaction; see its migration).
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tx          INTEGER NOT NULL DEFAULT 0,
    event       TEXT NOT NULL,
    -- The process that recorded it (its own match index refreshed at once).
    origin      BLOB,
    recorded_at TEXT NOT NULL
);
CREATE INDEX changes_position_idx ON changes (tx, id);
CREATE INDEX changes_recorded_idx ON changes (recorded_at);
