-- A thread's workflow: its name, the step the next message is answered under, active or
-- completed; and on each user message, the step it answered.
ALTER TABLE chat_thread ADD COLUMN workflow_name VARCHAR(64);
ALTER TABLE chat_thread ADD COLUMN workflow_step INTEGER;
ALTER TABLE chat_thread ADD COLUMN workflow_status VARCHAR(16);
ALTER TABLE chat_message ADD COLUMN workflow_step INTEGER;
