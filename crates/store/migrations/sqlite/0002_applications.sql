-- 依申请公开: applications, their append-only events, reviews and lawsuits, and the
-- administrators' corrections of the working-day calendar. Due dates are never stored: they are
-- derived from received_on and the events over the calendar (spec/applications.md).

-- The reply number pattern (答复书文号), e.g. '{short}公开〔{year}〕{seq}号'.
ALTER TABLE agencies ADD COLUMN reply_pattern TEXT NOT NULL DEFAULT '{short}公开〔{year}〕{seq}号';
-- The period given for a correction (补正), in working days (the agency chooses; 条例第三十条).
ALTER TABLE agencies ADD COLUMN correction_days BIGINT NOT NULL DEFAULT 15;

CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    -- 受理编号, per agency and year of submission, e.g. '2026-0012'.
    number TEXT NOT NULL,
    -- The applicant's query code (public) and the SHA-256 of their secret.
    query_code TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    -- The online form's one-time key: a double submission finds the first application.
    submission_key TEXT UNIQUE,
    lifecycle TEXT NOT NULL CHECK (lifecycle IN ('submitted', 'open', 'closed')),
    channel TEXT NOT NULL CHECK (channel IN ('online', 'in_person', 'oral', 'registered_mail', 'ordinary_letter', 'fax', 'email')),
    -- The day the channel's rule names (handed in, signed for, confirmed), and 收到申请之日.
    channel_on TEXT,
    received_on TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('natural_person', 'commercial', 'research', 'public_interest', 'legal_service', 'other_organisation')),
    name TEXT NOT NULL,
    id_type TEXT,
    id_number TEXT NOT NULL,
    -- The same person or organisation across applications (按件 fees, rate limits).
    identity_key TEXT NOT NULL,
    legal_rep TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    doc_title TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    info_form TEXT NOT NULL,
    delivery TEXT NOT NULL,
    handler_id BIGINT REFERENCES users (id),
    outcome TEXT,
    ground TEXT,
    -- 部分公开: what was withheld and why; 已主动公开: where; 不掌握: who holds it.
    outcome_detail TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    reply_number TEXT,
    archived BIGINT NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    submitted_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (agency_id, number)
);
CREATE INDEX applications_agency ON applications (agency_id, lifecycle);
CREATE INDEX applications_identity ON applications (identity_key, submitted_at);

-- Everything that happened to an application, in order; never updated or deleted.
CREATE TABLE application_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL,
    -- The business date of the event (CST), from which the clock is computed.
    on_date TEXT NOT NULL,
    -- Working days of a correction period or an extension.
    days BIGINT,
    -- 元, for fee notices.
    amount BIGINT,
    note TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users (id),
    at BIGINT NOT NULL
);
CREATE INDEX application_events_application ON application_events (application_id, id);

-- 行政复议 and 行政诉讼 about a reply.
CREATE TABLE application_appeals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('review', 'litigation_direct', 'litigation_after_review')),
    filed_on TEXT NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('maintained', 'corrected', 'other', 'pending')),
    result_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX application_appeals_application ON application_appeals (application_id);

-- Administrators' additions and corrections to the shipped holiday data (a new year's State
-- Council notice, a late change). Loaded over the shipped data.
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    is_off_day BIGINT NOT NULL CHECK (is_off_day IN (0, 1)),
    name TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);
-- Years an administrator declared complete (imported from a notice's file).
CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);
