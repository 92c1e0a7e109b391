-- Foundation: agencies, sites, columns, the subject taxonomy, documents with their catalogue
-- metadata, attachments, staff accounts, sessions, the audit log and the outbox.
-- Conventions (STYLE.md): instants are BIGINT unix milliseconds in UTC (`*_at`), business
-- dates are 'YYYY-MM-DD' text in China Standard Time (`*_on`), enums are text with a CHECK.
-- The PostgreSQL tree holds the same schema; a test keeps the two in step.

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL,
    -- 统一社会信用代码 (18) or 组织机构代码 (9), normalised; used in 索引号.
    code TEXT NOT NULL UNIQUE,
    parent_id BIGINT REFERENCES agencies (id),
    -- 索引号 pattern, e.g. '{code}/{year}-{seq:05}' (spec/catalogue.md: configurable per agency).
    index_pattern TEXT NOT NULL,
    -- The disclosure office, for the 指南 (条例第十二条).
    office_name TEXT NOT NULL DEFAULT '',
    office_address TEXT NOT NULL DEFAULT '',
    office_hours TEXT NOT NULL DEFAULT '',
    office_phone TEXT NOT NULL DEFAULT '',
    office_fax TEXT NOT NULL DEFAULT '',
    office_web TEXT NOT NULL DEFAULT '',
    sort_order BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    name TEXT NOT NULL,
    -- Also the path prefix: every site is served under /sites/{slug}/.
    slug TEXT NOT NULL UNIQUE,
    is_portal BIGINT NOT NULL DEFAULT 0 CHECK (is_portal IN (0, 1)),
    site_code TEXT NOT NULL DEFAULT '',
    icp_record TEXT NOT NULL DEFAULT '',
    police_record TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT 'default',
    sort_order BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A host name belongs to one site; lookups by Host header go through this table.
CREATE TABLE site_hosts (
    host TEXT PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE
);

CREATE TABLE columns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id BIGINT NOT NULL REFERENCES sites (id),
    parent_id BIGINT REFERENCES columns (id),
    slug TEXT NOT NULL,
    -- The slugs from the root, joined by '/': the column's address within its site.
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('list', 'page', 'link')),
    link_url TEXT NOT NULL DEFAULT '',
    page_html TEXT NOT NULL DEFAULT '',
    sort_order BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (site_id, path)
);
CREATE INDEX columns_parent ON columns (site_id, parent_id, sort_order);

-- 主题分类, seeded from the shipped taxonomy; administrators edit it.
CREATE TABLE subjects (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sort_order BIGINT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_active BIGINT NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A role held for an agency; agency_id is NULL only for system_admin.
CREATE TABLE user_roles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('system_admin', 'disclosure_office', 'agency_admin', 'editor', 'reviewer', 'case_handler')),
    agency_id BIGINT REFERENCES agencies (id),
    CHECK ((role = 'system_admin') = (agency_id IS NULL)),
    UNIQUE (user_id, role, agency_id)
);

-- Sessions are looked up by the SHA-256 of the cookie's token, so a leaked table does not
-- give working cookies.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'pending_review', 'published', 'withdrawn')),
    -- Assigned at first publication, kept through withdrawal, never reused.
    index_number TEXT UNIQUE,
    title TEXT NOT NULL,
    subject_code TEXT NOT NULL REFERENCES subjects (code),
    genre TEXT NOT NULL CHECK (genre IN ('notice', 'opinion', 'decision', 'measures', 'provisions', 'announcement', 'circular', 'report', 'reply', 'letter', 'other')),
    legal_kind TEXT NOT NULL CHECK (legal_kind IN ('rule', 'normative', 'other')),
    doc_number TEXT,
    written_on TEXT NOT NULL,
    effective_on TEXT,
    published_on TEXT,
    keywords TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    disclosure TEXT NOT NULL CHECK (disclosure IN ('proactive', 'on_request', 'withheld')),
    validity TEXT NOT NULL CHECK (validity IN ('valid', 'expired', 'repealed', 'amended')),
    ended_on TEXT,
    item20 BIGINT CHECK (item20 BETWEEN 1 AND 15),
    body_html TEXT NOT NULL DEFAULT '',
    interprets_id BIGINT REFERENCES documents (id),
    replaced_by_id BIGINT REFERENCES documents (id),
    author_id BIGINT REFERENCES users (id),
    reviewer_id BIGINT REFERENCES users (id),
    -- The reason given for the last 退回 or 撤回, shown to the editor.
    state_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX documents_agency_state ON documents (agency_id, state, published_on);
CREATE INDEX documents_interprets ON documents (interprets_id);
CREATE INDEX documents_replaced_by ON documents (replaced_by_id);

-- Joint issuers (联合发文) besides the lead agency, in order.
CREATE TABLE document_issuers (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (document_id, agency_id)
);

CREATE TABLE document_columns (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    column_id BIGINT NOT NULL REFERENCES columns (id),
    PRIMARY KEY (document_id, column_id)
);
CREATE INDEX document_columns_column ON document_columns (column_id, document_id);

-- Attachments; the bytes live in the file store under their SHA-256.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    -- Text extracted for the confidentiality scan and search (DOCX, XLSX, text PDF).
    extracted_text TEXT,
    position BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_document ON attachments (document_id, position);

-- 索引号 serials, one counter per agency and scope (the pattern rendered without its serial).
-- Incremented inside the publishing transaction, so a failed publication consumes nothing.
CREATE TABLE index_counters (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    scope TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (agency_id, scope)
);

-- Findings of the personal-data scan made when a document is submitted for review.
CREATE TABLE pii_findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('resident_id', 'mobile', 'bank_card', 'email')),
    -- Where it was found: '标题', '正文' or the attachment's file name.
    source TEXT NOT NULL,
    matched TEXT NOT NULL,
    context TEXT NOT NULL,
    acknowledged_by BIGINT REFERENCES users (id),
    acknowledged_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX pii_findings_document ON pii_findings (document_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    user_id BIGINT REFERENCES users (id),
    agency_id BIGINT REFERENCES agencies (id),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- Every change the public can see writes a row here in the same transaction. Page caches and
-- the search indexer of every node follow it by seq. AUTOINCREMENT: seq is never reused.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    site_id BIGINT,
    created_at BIGINT NOT NULL
);
