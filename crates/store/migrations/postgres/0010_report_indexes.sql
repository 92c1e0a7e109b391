-- The annual report's counts read only index entries: by receipt date with the applicant kind,
-- by closing date with kind, ground and receipt date (a year of a million applications is
-- counted without visiting the table).
DROP INDEX applications_received;
DROP INDEX applications_closed;
CREATE INDEX applications_received ON applications (agency_id, received_on, kind);
CREATE INDEX applications_closed ON applications (agency_id, closed_on, kind, ground, received_on);
