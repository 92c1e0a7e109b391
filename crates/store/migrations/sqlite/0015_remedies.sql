-- Every reply names where the applicant may seek a remedy (issue 15): the 行政复议机关 and the
-- court, as the agency sets them in its letter settings (文书设置). Empty until set: a reply
-- then names them in general terms and staff are told to set them.
ALTER TABLE agencies ADD COLUMN review_body TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN court TEXT NOT NULL DEFAULT '';
