-- Threads and their messages; every row belongs to one user, the pair (org_id, user_id).
-- Plain SQL that runs unchanged on H2 and PostgreSQL.

CREATE TABLE chat_thread (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    org_id          VARCHAR(255) NOT NULL,
    user_id         VARCHAR(255) NOT NULL,
    title           VARCHAR(500),
    collection_slug VARCHAR(200),
    active_run_id   VARCHAR(36),
    next_position   BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    row_version     BIGINT       NOT NULL
);

-- the caller's threads, newest first, paged by (updated_at, id)
CREATE INDEX chat_thread_owner_recent ON chat_thread (org_id, user_id, updated_at, id);

CREATE TABLE chat_message (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    thread_id      VARCHAR(36)  NOT NULL REFERENCES chat_thread (id) ON DELETE CASCADE,
    role           VARCHAR(16)  NOT NULL,
    content        VARCHAR(1000000) NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    -- a user message and every version of its answer share neighbouring positions:
    -- the user message n, its answers n + 1
    position       BIGINT       NOT NULL,
    version        INTEGER      NOT NULL,
    parent_id      VARCHAR(36),
    latest         BOOLEAN      NOT NULL,
    confidence     DOUBLE PRECISION,
    provider       VARCHAR(64),
    model          VARCHAR(200),
    input_tokens   INTEGER,
    output_tokens  INTEGER,
    ttft_ms        BIGINT,
    latency_ms     BIGINT,
    finish_reason  VARCHAR(32),
    error_code     VARCHAR(64),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX chat_message_thread_position ON chat_message (thread_id, position, version);
CREATE INDEX chat_message_status ON chat_message (status);
