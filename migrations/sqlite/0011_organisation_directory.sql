-- The organisation directory: what each organisation tells the public (description, where
-- it is, the languages its staff speak, the services a support organisation offers, when
-- it is open, how to reach it), and people's requests for support to a support
-- organisation, which the centre accepts or declines.
--   languages, services: codes, comma-separated; opening_hours: "MONDAY 09:00-12:30", comma-
--   separated. Searched through the search index, never filtered in SQL.

ALTER TABLE organisations ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN address TEXT;
ALTER TABLE organisations ADD COLUMN place_name TEXT;
ALTER TABLE organisations ADD COLUMN location_country_code TEXT;
ALTER TABLE organisations ADD COLUMN region_code TEXT;
ALTER TABLE organisations ADD COLUMN latitude REAL;
ALTER TABLE organisations ADD COLUMN longitude REAL;
ALTER TABLE organisations ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN services TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_email TEXT;
ALTER TABLE organisations ADD COLUMN contact_phone TEXT;

CREATE TABLE support_requests (
    id              BLOB PRIMARY KEY NOT NULL,
    profile_id      BLOB NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    organisation_id BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    message         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED')),
    created_at      TEXT NOT NULL,
    decided_at      TEXT,
    decided_by      BLOB REFERENCES users (id) ON DELETE SET NULL
);
-- One open request per person and organisation.
CREATE UNIQUE INDEX support_requests_pending_key ON support_requests (profile_id, organisation_id) WHERE status = 'PENDING';
CREATE INDEX support_requests_organisation_idx ON support_requests (organisation_id, created_at);
CREATE INDEX support_requests_profile_idx ON support_requests (profile_id, created_at);
