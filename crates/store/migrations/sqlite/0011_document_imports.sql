-- Documents brought in by `gongkai import catalogue`: the key of each row in its source file
-- (an id, a page address, or the 文号), so that importing the file again updates the document
-- instead of adding a copy, and the digest of what was imported, so that unchanged rows are
-- left alone.
CREATE TABLE document_imports (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    source_key TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES documents (id),
    digest TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, source_key)
);
