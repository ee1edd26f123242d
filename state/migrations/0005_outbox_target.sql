-- 0005: where an outbox row goes when it is not the recipient's DM.
-- channel: the conversation of an ephemeral answer or of a message to edit;
-- ts: the message to edit.  Both NULL for DMs and App Home views.

ALTER TABLE outbox ADD COLUMN channel TEXT;
ALTER TABLE outbox ADD COLUMN ts TEXT;
