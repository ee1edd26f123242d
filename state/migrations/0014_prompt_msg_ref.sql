-- 0014: a prompt post keeps the platform's reference to the message it
-- became (the outbox's sent reference), so that a reaction or a thread
-- reply is matched to its prompt by that reference, not by the time.
ALTER TABLE prompt_post ADD COLUMN msg_ref TEXT;
CREATE INDEX prompt_post_msg_ref ON prompt_post(conversation, msg_ref);
