-- One report per agency and year (issue 15): a submission after publication is a 更正 of the same
-- catalogue document. `correction_reason` is set while a published report is being corrected
-- (its published version stays public until the corrected one is approved); `published_texts`
-- keeps the narrative as submitted (JSON [一, 五, 六]) so that a correction can say which
-- sections changed. Each correction is kept: when, why and what changed, shown on the page.
ALTER TABLE reports ADD COLUMN correction_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN published_texts TEXT;
CREATE TABLE report_corrections (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    year BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users (id),
    at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year, seq)
);
