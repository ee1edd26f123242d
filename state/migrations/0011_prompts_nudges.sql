-- 0011: MVV prompts posted to channels and the engagement they got, the
-- departments' and sections' declared focus (重点実施内容), and the nudges
-- sent to people, for the weekly caps and the figures.

-- One prompt posted to one conversation in one week (week: the Monday's
-- date, Asia/Tokyo).  cycle counts the passes through the pool, so that no
-- prompt repeats in a conversation before the whole pool has been used.
CREATE TABLE prompt_post (
	id		INTEGER PRIMARY KEY,
	conversation	TEXT NOT NULL,
	week		TEXT NOT NULL,
	prompt_id	TEXT NOT NULL,
	cycle		INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	sent_at		INTEGER,
	UNIQUE (conversation, week)
);
CREATE INDEX prompt_post_cycle ON prompt_post(conversation, cycle);

-- A reaction to, or a reply in the thread of, a prompt's post.
CREATE TABLE prompt_engagement (
	id		INTEGER PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES prompt_post(id)
			    ON DELETE CASCADE,
	kind		TEXT NOT NULL CHECK (kind IN ('reaction', 'reply')),
	chat_user	TEXT,
	at		INTEGER NOT NULL,
	delivery_id	TEXT UNIQUE
);
CREATE INDEX prompt_engagement_post ON prompt_engagement(post_id);

-- A unit's declared focus for a fiscal year; the latest row is current,
-- the earlier ones are kept as its history.
CREATE TABLE declaration (
	id		INTEGER PRIMARY KEY,
	unit_kind	TEXT NOT NULL CHECK (unit_kind IN ('department',
			    'section')),
	unit		TEXT NOT NULL,
	fiscal_year	INTEGER NOT NULL,
	body		TEXT NOT NULL,
	author		TEXT,
	created_at	INTEGER NOT NULL
);
CREATE INDEX declaration_unit ON declaration(unit_kind, unit, fiscal_year);

-- One nudge: queued (created_at) in the same transaction as its outbox
-- row, so that the weekly cap counts what is queued and a restart
-- repeats nothing; sent_at once the outbox delivered it.  subject is what
-- it is about (a class, an I-message, a period), once per person and kind.
CREATE TABLE nudge_log (
	id		INTEGER PRIMARY KEY,
	employee_id	TEXT NOT NULL REFERENCES staff(employee_id)
			    ON DELETE CASCADE,
	kind		TEXT NOT NULL,
	subject		TEXT NOT NULL,
	week		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	sent_at		INTEGER,
	UNIQUE (employee_id, kind, subject)
);
CREATE INDEX nudge_log_week ON nudge_log(employee_id, week);
CREATE INDEX nudge_log_kind ON nudge_log(kind, created_at);

-- A nudge kind's run of one working day, done: its next run is tomorrow.
CREATE TABLE nudge_run (
	kind		TEXT NOT NULL,
	day		TEXT NOT NULL,
	done_at		INTEGER NOT NULL,
	PRIMARY KEY (kind, day)
);

-- Turning nudges off (kind '' = all), for the figures; the setting itself
-- is a preference.
CREATE TABLE nudge_optout (
	id		INTEGER PRIMARY KEY,
	employee_id	TEXT NOT NULL REFERENCES staff(employee_id)
			    ON DELETE CASCADE,
	kind		TEXT NOT NULL,
	at		INTEGER NOT NULL
);
