-- 0008: what the plan says about attending a course, read and not
-- inferred: 必修 (mandatory, for everyone it targets or only for those
-- mandatory_rule matches) and 指名 (designated: a rank course for its
-- target group); details for staff; and who HR selected or nominated
-- (選抜・推薦).

ALTER TABLE course ADD COLUMN mandatory_rule TEXT;	-- JSON, or NULL
ALTER TABLE course ADD COLUMN designated INTEGER NOT NULL DEFAULT 0;
-- What staff should know beyond the summary (venue, times, which parts
-- are 必修); notes stay HR's record of how the plan was read.
ALTER TABLE course ADD COLUMN details TEXT;

CREATE TABLE selection (
	employee_id	TEXT NOT NULL REFERENCES staff(employee_id),
	course_id	INTEGER NOT NULL REFERENCES course(id)
			    ON DELETE CASCADE,
	kind		TEXT NOT NULL CHECK (kind IN ('selected', 'nominated')),
	recorded_by	TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	PRIMARY KEY (employee_id, course_id)
);
CREATE INDEX selection_course ON selection(course_id);
