-- Notices and reply letters: the number and the letter's own fields recorded with the event that
-- calls for it, the agencies' own templates, and how to pay a fee (spec/applications.md).

-- The 文号 of the notice or reply this event produced.
ALTER TABLE application_events ADD COLUMN letter_number TEXT;
-- The letter's own fields as JSON (what to correct, the third party, the fee method …), so the
-- document can be produced again, identically, at any time.
ALTER TABLE application_events ADD COLUMN letter TEXT NOT NULL DEFAULT '';

-- 缴费方式, printed on the 收费通知书.
ALTER TABLE agencies ADD COLUMN fee_payment TEXT NOT NULL DEFAULT '';

-- An agency's own text of a notice or the reply (the shipped text is used until one is saved).
CREATE TABLE letter_templates (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL CHECK (kind IN ('reply', 'correction', 'extension', 'consultation', 'fee')),
    body TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, kind)
);
