-- 0015: the tables every request writes, made cheaper to write.
--
-- The outbox's status check as comparisons.  SQLite evaluates a
-- CHECK (x IN (three or more constants)) by building a temporary index of
-- the list on each execution of every INSERT and UPDATE of the table; the
-- outbox takes one INSERT per message and one UPDATE per delivery, and that
-- index cost more than the rest of the statement.  The same rule, written
-- as ORs, is three comparisons.  A CHECK cannot be altered, so the table
-- is rebuilt (nothing references it).
CREATE TABLE outbox_new (
	id		INTEGER PRIMARY KEY,
	dedupe_key	TEXT NOT NULL UNIQUE,
	recipient	TEXT NOT NULL,
	method		TEXT NOT NULL,
	body		TEXT NOT NULL,
	not_before	INTEGER NOT NULL,
	attempts	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'pending'
			    CHECK (status = 'pending' OR status = 'sent' OR
			    status = 'failed'),
	last_error	TEXT,
	created_at	INTEGER NOT NULL,
	sent_at		INTEGER,
	conversation	TEXT,
	msg_ref		TEXT,
	platform	TEXT,
	ref		TEXT,
	chat_user	TEXT
);
INSERT INTO outbox_new (id, dedupe_key, recipient, method, body,
    not_before, attempts, status, last_error, created_at, sent_at,
    conversation, msg_ref, platform, ref, chat_user)
    SELECT id, dedupe_key, recipient, method, body, not_before, attempts,
    status, last_error, created_at, sent_at, conversation, msg_ref,
    platform, ref, chat_user FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, not_before);

-- Two tables every request writes, keyed by their primary key alone, kept
-- in that key's b-tree (WITHOUT ROWID) rather than in a rowid table plus
-- an index of the key: one b-tree fewer to search and to write a page of
-- at each commit.  Nothing reads their rowids, and no job names them as
-- its inputs (SQLite's update hook, which counts those, does not see a
-- table WITHOUT ROWID).
CREATE TABLE seen_delivery_new (
	id		TEXT PRIMARY KEY,
	seen_at		INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO seen_delivery_new (id, seen_at)
    SELECT id, seen_at FROM seen_delivery;
DROP TABLE seen_delivery;
ALTER TABLE seen_delivery_new RENAME TO seen_delivery;
CREATE INDEX seen_delivery_at ON seen_delivery(seen_at);

CREATE TABLE imessage_value_new (
	imessage_id	INTEGER NOT NULL REFERENCES imessage(id)
			    ON DELETE CASCADE,
	value		TEXT NOT NULL,
	PRIMARY KEY (imessage_id, value)
) WITHOUT ROWID;
INSERT INTO imessage_value_new (imessage_id, value)
    SELECT imessage_id, value FROM imessage_value;
DROP TABLE imessage_value;
ALTER TABLE imessage_value_new RENAME TO imessage_value;

