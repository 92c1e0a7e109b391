-- Figures of the annual report's section 二 that come from other systems (行政许可, 行政处罚,
-- 行政强制 decisions; 行政事业性收费 in 万元), entered by the agency per year. NULL: not entered.
CREATE TABLE report_figures (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    year BIGINT NOT NULL,
    licensing BIGINT,
    penalties BIGINT,
    enforcement BIGINT,
    -- A decimal in 万元 as typed (exact), e.g. '12.35'.
    fees_wan_yuan TEXT,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);
