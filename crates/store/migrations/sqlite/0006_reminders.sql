-- Reminders of applications due soon or overdue: always in the console; by e-mail to the staff
-- member's own address when the platform has an SMTP server.
CREATE TABLE reminder_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    email TEXT NOT NULL,
    enabled BIGINT NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    updated_at BIGINT NOT NULL
);
-- One e-mail a person a day, whichever node sends it: the insert is the claim.
CREATE TABLE reminder_sends (
    user_id BIGINT NOT NULL REFERENCES users (id),
    day TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, day)
);
