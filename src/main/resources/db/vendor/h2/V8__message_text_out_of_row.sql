-- H2 only (PostgreSQL keeps text, which TOAST already stores out of line): a message's text as a
-- CLOB, which H2 keeps outside the row once it is longer than 256 bytes. On H2 a commit rewrites
-- every page it touched, so text kept in the row made each small update (a thread freed, an
-- answer's status) rewrite the text of every answer sharing its page.
ALTER TABLE chat_message ALTER COLUMN content SET DATA TYPE CLOB;
