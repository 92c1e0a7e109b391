-- Imported catalogue rows go through review like any document (issue 15: an import used to
-- publish them at once, skipping the personal-data scan). Each run of `gongkai import catalogue`
-- is a batch that a 审核人 reviews as one list: counts, every finding in context, rows to
-- exclude, approval of the rest.
CREATE TABLE import_batches (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    -- The file's name, as the operator gave it.
    source_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX import_batches_agency ON import_batches (agency_id, id);
-- The batch that last brought each imported row (NULL for rows imported before batches).
ALTER TABLE document_imports ADD COLUMN batch_id BIGINT REFERENCES import_batches (id);
CREATE INDEX document_imports_batch ON document_imports (batch_id);
