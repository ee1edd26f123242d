-- 0006: the outbox speaks of no platform.
-- method: direct (the recipient's direct conversation), post (a message in
-- a conversation), private (a message in a conversation seen by the
-- recipient only), edit (a message the bot sent, changed), home (the
-- recipient's home view).  conversation and msg_ref are the platform's own
-- references, opaque to everything but its adapter.  platform: the only
-- adapter that may deliver the row; NULL when any adapter that reaches the
-- recipient may.  ref names what the row delivers ("reminders:42"), so the
-- feature that made it can record when it went out.

ALTER TABLE outbox RENAME COLUMN channel TO conversation;
ALTER TABLE outbox RENAME COLUMN ts TO msg_ref;
ALTER TABLE outbox ADD COLUMN platform TEXT;
ALTER TABLE outbox ADD COLUMN ref TEXT;
UPDATE outbox SET method = CASE method
	WHEN 'dm' THEN 'direct'
	WHEN 'ephemeral' THEN 'private'
	WHEN 'update' THEN 'edit'
	ELSE method END;
UPDATE outbox SET platform = 'slack'
    WHERE method IN ('private', 'edit') AND status = 'pending';

-- When the recipient's copy of an I-message went out (the outbox's ref
-- "imessage:ID"); NULL while it waits.
ALTER TABLE imessage ADD COLUMN delivered_at INTEGER;
