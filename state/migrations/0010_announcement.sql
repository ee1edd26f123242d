-- 0010: HR's inner-PR announcements (インナーPR), their series and who got
-- them.
-- announcement: one message to a staff segment.  audience is the segment
-- expression as HR wrote it (lib/segment.c), resolved against the roster
-- when it goes out.  status: draft (previewed, not confirmed), scheduled
-- (confirmed, waiting for send_at and, unless urgent, working hours), sent,
-- cancelled.  channel: a conversation to post in as well (the platform's
-- id); dm: a direct message to each person.  ack: recipients are asked to
-- acknowledge (「読みました」); remind_after: working days after which those
-- who have not get one reminder (0: none).  series_id, edition: the
-- edition of a repeated announcement this one is; reminded: every
-- reminder it needs has been queued.  every: a draft to become a series
-- (the rule); once confirmed it has status 'series' and series_id names
-- the series made from it.
CREATE TABLE announcement_series (
	id		INTEGER PRIMARY KEY,
	author		TEXT NOT NULL,
	title		TEXT NOT NULL,
	body		TEXT NOT NULL,
	audience	TEXT NOT NULL DEFAULT '',
	channel		TEXT,
	dm		INTEGER NOT NULL DEFAULT 1,
	ack		INTEGER NOT NULL DEFAULT 0,
	remind_after	INTEGER NOT NULL DEFAULT 0,
	urgent		INTEGER NOT NULL DEFAULT 0,
	every		TEXT NOT NULL,
	next_at		INTEGER NOT NULL,
	editions	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'active',
	created_at	INTEGER NOT NULL
);
CREATE INDEX announcement_series_next ON announcement_series(status, next_at);

CREATE TABLE announcement (
	id		INTEGER PRIMARY KEY,
	author		TEXT NOT NULL,
	title		TEXT NOT NULL,
	body		TEXT NOT NULL,
	audience	TEXT NOT NULL DEFAULT '',
	channel		TEXT,
	dm		INTEGER NOT NULL DEFAULT 1,
	ack		INTEGER NOT NULL DEFAULT 0,
	remind_after	INTEGER NOT NULL DEFAULT 0,
	urgent		INTEGER NOT NULL DEFAULT 0,
	send_at		INTEGER NOT NULL,
	status		TEXT NOT NULL DEFAULT 'draft',
	created_at	INTEGER NOT NULL,
	sent_at		INTEGER,
	series_id	INTEGER REFERENCES announcement_series(id),
	edition		INTEGER,
	reminded	INTEGER NOT NULL DEFAULT 0,
	every		TEXT,
	UNIQUE (series_id, edition)
);
CREATE INDEX announcement_due ON announcement(status, send_at);

-- One row per person the announcement was for, written when it went out.
-- department and job_level are as the roster said then, so that the
-- figures of an old announcement do not move with transfers.
-- delivered_at: when the person's copy (or the channel post) went out;
-- reminded_at: when the one reminder was queued.
CREATE TABLE announcement_receipt (
	id		INTEGER PRIMARY KEY,
	announcement_id	INTEGER NOT NULL REFERENCES announcement(id)
			    ON DELETE CASCADE,
	employee_id	TEXT NOT NULL REFERENCES staff(employee_id)
			    ON DELETE CASCADE,
	department	TEXT,
	job_level	TEXT,
	delivered_at	INTEGER,
	acknowledged_at	INTEGER,
	reminded_at	INTEGER,
	UNIQUE (announcement_id, employee_id)
);
CREATE INDEX announcement_receipt_employee ON
    announcement_receipt(employee_id);
