-- 0012: what the plan wants of I-messages: coaching, thanks, withdrawal,
-- sharing by the recipient, and moderation.
-- parts: the coach's findings as bits (1 the act, 2 the effect on me, 4 my
-- feeling, 8 judging words, 16 a you-message); NULL for I-messages written
-- before coaching.  coached: 1 when the sender was shown a hint and sent
-- the draft as it was.

ALTER TABLE imessage ADD COLUMN parts INTEGER;
ALTER TABLE imessage ADD COLUMN coached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imessage ADD COLUMN thanked_at INTEGER;
ALTER TABLE imessage ADD COLUMN thanks TEXT;
ALTER TABLE imessage ADD COLUMN withdrawn_at INTEGER;
ALTER TABLE imessage ADD COLUMN shared_at INTEGER;
ALTER TABLE imessage ADD COLUMN hidden_at INTEGER;
ALTER TABLE imessage ADD COLUMN hidden_by TEXT;

-- A recipient's report of an I-message for HR to look at.
CREATE TABLE imessage_report (
	imessage_id	INTEGER NOT NULL REFERENCES imessage(id)
			    ON DELETE CASCADE,
	reporter	TEXT NOT NULL REFERENCES staff(employee_id),
	reason		TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	PRIMARY KEY (imessage_id, reporter)
);

-- HR's monthly figures read by month over the whole table.
CREATE INDEX imessage_created ON imessage(created_at);
