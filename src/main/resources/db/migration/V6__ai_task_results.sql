-- AI task answers kept per user: every version listed by issue, the newest answering the same
-- request (same task, issue, type, description and priority) for an hour.
CREATE TABLE ai_task_result (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    org_id       VARCHAR(255)  NOT NULL,
    user_id      VARCHAR(255)  NOT NULL,
    issue_id     VARCHAR(200)  NOT NULL,
    task         VARCHAR(64)   NOT NULL,
    request_key  VARCHAR(64)   NOT NULL,
    answer_text  VARCHAR(1000000) NOT NULL,
    confidence   DOUBLE PRECISION NOT NULL,
    metadata     VARCHAR(4000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ai_task_result_issue ON ai_task_result (org_id, user_id, issue_id, created_at);
CREATE INDEX ai_task_result_request ON ai_task_result (org_id, user_id, request_key, created_at);
