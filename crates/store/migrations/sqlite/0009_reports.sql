-- The annual report of an agency for a year (spec/annual-report.md): the narrative sections staff
-- write (一、五、六). The tables are computed from the platform's data with the overrides below,
-- or, for a report made elsewhere, held as imported. Submitting the report for publication
-- freezes its tables in `published_tables` (JSON) and files it in the catalogue as `document_id`,
-- published after the review of 条例第十七条 like any document.
CREATE TABLE reports (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    year BIGINT NOT NULL,
    overview TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    other TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'platform' CHECK (source IN ('platform', 'imported')),
    -- The layout of the tables: 国办公开办函〔2021〕30号, or 〔2019〕60号 for 2019 and 2020.
    format TEXT NOT NULL DEFAULT '2021' CHECK (format IN ('2021', '2019')),
    imported_tables TEXT,
    published_tables TEXT,
    document_id BIGINT REFERENCES documents (id),
    updated_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);
CREATE INDEX reports_year ON reports (year);
CREATE INDEX reports_document ON reports (document_id);

-- Cells of a report's tables that staff changed from the computed figure, with the reason
-- (every change is also in the audit log). `cell` is the cell's key (`3.24.6`); `value` the
-- figure as typed ('' for a blank cell).
CREATE TABLE report_overrides (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    year BIGINT NOT NULL,
    cell TEXT NOT NULL,
    value TEXT NOT NULL,
    reason TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id),
    at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year, cell)
);
