-- Search follows the change stream like the match index and live updates: every write that
-- changes a searchable document records it among its changes, and each search index reads
-- on from its own position. The outbox, which handed each entry to one process only, is
-- gone (an index without a position is rebuilt from the database, so nothing is lost).
DROP TABLE search_outbox;

-- Where each search index is in the change stream: one row per embedded index (each data
-- directory has its own) and one for a Meilisearch index that replicas share.
CREATE TABLE search_positions (
    search_index TEXT PRIMARY KEY,
    tx           INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    updated_at   TEXT NOT NULL
);

-- The last change the stream forgot: a follower whose position is before it has missed
-- changes, and rebuilds what it keeps from the database.
CREATE TABLE change_horizon (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    tx  INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
