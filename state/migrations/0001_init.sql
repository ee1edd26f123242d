-- 0001: the tables the I-message flow needs.
-- Times are UTC epoch seconds; calendar dates are 'YYYY-MM-DD' text.

CREATE TABLE staff (
	employee_id	TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	name_kana	TEXT,
	email		TEXT,
	department	TEXT,
	section		TEXT,
	job_family	TEXT,
	job_level	TEXT,
	level_since	TEXT,
	hire_date	TEXT,
	hire_type	TEXT,
	exam_category	TEXT,
	birth_date	TEXT,
	manager_id	TEXT REFERENCES staff(employee_id)
			    DEFERRABLE INITIALLY DEFERRED,
	roles		TEXT NOT NULL DEFAULT '',
	active		INTEGER NOT NULL DEFAULT 1,
	name_key	TEXT NOT NULL,	-- folded name, for lookups
	kana_key	TEXT		-- folded reading
);
CREATE INDEX staff_manager ON staff(manager_id);
CREATE INDEX staff_email ON staff(email);

CREATE TABLE chat_identity (
	platform	TEXT NOT NULL,
	chat_user_id	TEXT NOT NULL,
	employee_id	TEXT NOT NULL REFERENCES staff(employee_id)
			    ON DELETE CASCADE,
	PRIMARY KEY (platform, chat_user_id)
);

CREATE TABLE imessage (
	id		INTEGER PRIMARY KEY,
	sender		TEXT NOT NULL REFERENCES staff(employee_id),
	recipient	TEXT NOT NULL REFERENCES staff(employee_id),
	body		TEXT NOT NULL,
	visibility	TEXT NOT NULL DEFAULT 'private'
			    CHECK (visibility IN ('private', 'shared')),
	created_at	INTEGER NOT NULL,
	delivery_id	TEXT UNIQUE
);
CREATE INDEX imessage_recipient ON imessage(recipient, created_at);
CREATE INDEX imessage_sender ON imessage(sender, created_at);

CREATE TABLE imessage_value (
	imessage_id	INTEGER NOT NULL REFERENCES imessage(id)
			    ON DELETE CASCADE,
	value		TEXT NOT NULL,
	PRIMARY KEY (imessage_id, value)
);

CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	dedupe_key	TEXT NOT NULL UNIQUE,
	recipient	TEXT NOT NULL,
	method		TEXT NOT NULL,
	body		TEXT NOT NULL,
	not_before	INTEGER NOT NULL,
	attempts	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'pending'
			    CHECK (status IN ('pending', 'sent', 'failed')),
	last_error	TEXT,
	created_at	INTEGER NOT NULL,
	sent_at		INTEGER
);
CREATE INDEX outbox_due ON outbox(status, not_before);

CREATE TABLE seen_delivery (
	id		TEXT PRIMARY KEY,
	seen_at		INTEGER NOT NULL
);
CREATE INDEX seen_delivery_at ON seen_delivery(seen_at);

CREATE TABLE preference (
	employee_id	TEXT NOT NULL REFERENCES staff(employee_id)
			    ON DELETE CASCADE,
	key		TEXT NOT NULL,
	value		TEXT NOT NULL,
	PRIMARY KEY (employee_id, key)
);

CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	actor		TEXT,
	action		TEXT NOT NULL,
	detail		TEXT
);
