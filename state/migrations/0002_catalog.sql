-- 0002: the training catalogue, enrolments and reminders.
-- A course belongs to one fiscal year; a class is one dated occurrence of
-- it, made of sessions (days).  Times are UTC epoch seconds.

CREATE TABLE course (
	id		INTEGER PRIMARY KEY,
	fiscal_year	INTEGER NOT NULL,
	code		TEXT NOT NULL,
	category	TEXT NOT NULL,
	grp		TEXT,
	title		TEXT NOT NULL,
	tokken		INTEGER NOT NULL DEFAULT 0,
	target_text	TEXT,
	target_rule	TEXT,		-- JSON, docs/catalog.md
	summary		TEXT,
	timing_text	TEXT,
	days_text	TEXT,
	days		REAL,
	format		TEXT NOT NULL,
	skills		TEXT NOT NULL DEFAULT '',	-- space-separated
	mandatory	INTEGER NOT NULL DEFAULT 0,
	window_from	INTEGER,	-- local midnight, as UTC
	window_to	INTEGER,	-- end of the last day
	window_label	TEXT,
	window_kind	TEXT,
	notes		TEXT,
	search_key	TEXT NOT NULL,	-- folded title and summary
	UNIQUE (fiscal_year, code)
);

CREATE TABLE class (
	id		INTEGER PRIMARY KEY,
	course_id	INTEGER NOT NULL REFERENCES course(id)
			    ON DELETE CASCADE,
	class_key	TEXT NOT NULL,
	capacity	INTEGER,
	location	TEXT,
	status		TEXT NOT NULL DEFAULT 'scheduled'
			    CHECK (status IN ('scheduled', 'cancelled')),
	starts_at	INTEGER NOT NULL,	-- first session
	ends_at		INTEGER NOT NULL,	-- last session
	UNIQUE (course_id, class_key)
);
CREATE INDEX class_starts ON class(starts_at);

CREATE TABLE session (
	class_id	INTEGER NOT NULL REFERENCES class(id)
			    ON DELETE CASCADE,
	seq		INTEGER NOT NULL,
	starts_at	INTEGER NOT NULL,
	ends_at		INTEGER NOT NULL,
	times_known	INTEGER NOT NULL,
	location	TEXT,
	PRIMARY KEY (class_id, seq)
);

CREATE TABLE enrollment (
	id		INTEGER PRIMARY KEY,
	employee_id	TEXT NOT NULL REFERENCES staff(employee_id),
	course_id	INTEGER NOT NULL REFERENCES course(id),
	class_id	INTEGER REFERENCES class(id),
	status		TEXT NOT NULL CHECK (status IN ('enrolled',
			    'waitlisted', 'cancelled', 'completed')),
	recommended_by	TEXT,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	completed_at	INTEGER
);
CREATE UNIQUE INDEX enrollment_active ON enrollment(employee_id, course_id)
    WHERE status IN ('enrolled', 'waitlisted', 'completed');
CREATE INDEX enrollment_class ON enrollment(class_id, status, created_at);
CREATE INDEX enrollment_course ON enrollment(course_id, status);

CREATE TABLE reminder (
	id		INTEGER PRIMARY KEY,
	enrollment_id	INTEGER NOT NULL REFERENCES enrollment(id)
			    ON DELETE CASCADE,
	kind		TEXT NOT NULL,	-- offset and the class start it is for
	due_at		INTEGER NOT NULL,
	useful_until	INTEGER NOT NULL,
	status		TEXT NOT NULL DEFAULT 'pending'
			    CHECK (status IN ('pending', 'sent', 'skipped')),
	UNIQUE (enrollment_id, kind)
);
CREATE INDEX reminder_due ON reminder(status, due_at);
CREATE INDEX reminder_stale ON reminder(status, useful_until);
