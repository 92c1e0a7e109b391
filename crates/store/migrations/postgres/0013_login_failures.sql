-- Failed logins are counted per account name and client address (issue 15). Counted per
-- account, a stranger could lock any real user out for 15 minutes, and only existing names
-- locked, so a lock told which names exist. Now a name that does not exist locks exactly like
-- one that does, and failures from one address do not lock the user out at another.
-- users.failed_logins and users.locked_until_at are no longer read or written (expand, then
-- contract: a later migration drops them).
CREATE TABLE login_failures (
    -- The name as typed (trimmed), existing or not.
    username TEXT NOT NULL,
    -- The client's address as the rate limits see it.
    client TEXT NOT NULL,
    failures BIGINT NOT NULL,
    locked_until_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (username, client)
);
CREATE INDEX login_failures_updated ON login_failures (updated_at);
