-- The change stream: every write appends what it changed (an event naming ids only) in its
-- own transaction, and each follower (a process's match index, its live updates) reads on
-- from its own position. NOTIFY only wakes followers; this table is the truth, so a process
-- that missed a notification, or a writer killed before it could send one, loses nothing.
--
-- Identity values are handed out before commit, so a later id can commit before an earlier
-- one: followers read in (tx, id) order and only changes of transactions older than
-- every transaction still running (`pg_snapshot_xmin`), which can no longer be joined by an
-- earlier change.
CREATE TABLE changes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx          BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    event       TEXT NOT NULL,
    -- The process that recorded it (its own match index refreshed at once).
    origin      UUID,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX changes_position_idx ON changes (tx, id);
CREATE INDEX changes_recorded_idx ON changes (recorded_at);
