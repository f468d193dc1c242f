-- Availability windows (issue 17): when a person can work, several windows for people who
-- come each season, stored as ISO 8601 intervals in date order ("2027-06-01/2027-09-30",
-- ".." for an open end, joined by commas; empty: any time). They replace the single
-- "available from" date, which becomes a window from that day on. Vacancies say when a
-- fixed-term or seasonal job ends.

ALTER TABLE profiles ADD COLUMN availability TEXT NOT NULL DEFAULT '';
UPDATE profiles SET availability = available_from || '/..' WHERE available_from IS NOT NULL;
ALTER TABLE profiles DROP COLUMN available_from;

ALTER TABLE vacancies ADD COLUMN ends_on TEXT;
