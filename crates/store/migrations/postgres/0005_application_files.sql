-- Identity proofs an applicant attaches to an online application (条例第二十九条: the applicant's
-- identity). Only the agency's staff see them; the bytes are in the content-addressed file store.
CREATE TABLE application_files (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX application_files_application ON application_files (application_id);
