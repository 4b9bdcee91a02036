-- The run that wrote an answer, so that a reconnect after the run's event log has expired can
-- still be answered from the stored message.
ALTER TABLE chat_message ADD COLUMN run_id VARCHAR(36);
CREATE INDEX chat_message_run ON chat_message (run_id);
