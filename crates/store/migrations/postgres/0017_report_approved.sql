-- A correction is compared with the last approved version of the report, not with a submitted
-- one the reviewer may return: `approved_tables` / `approved_texts` are copied from the frozen
-- version when its document is approved. A correction stays pending (`approved_at` empty) until
-- then, and a returned one is replaced by the next submission.
ALTER TABLE reports ADD COLUMN approved_tables TEXT;
ALTER TABLE reports ADD COLUMN approved_texts TEXT;
ALTER TABLE report_corrections ADD COLUMN approved_at BIGINT;
UPDATE reports SET approved_tables = published_tables, approved_texts = published_texts
    WHERE document_id IN (SELECT id FROM documents WHERE state = 'published');
UPDATE report_corrections SET approved_at = at;
