-- The year's counts (annual report section 三) read applications by receipt and closing date.
CREATE INDEX applications_received ON applications (agency_id, received_on);
CREATE INDEX applications_closed ON applications (agency_id, closed_on);
