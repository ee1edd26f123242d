-- 0004: a manager's endorsement (推薦) of a course to a member of the team.

CREATE TABLE endorsement (
	id		INTEGER PRIMARY KEY,
	manager_id	TEXT NOT NULL REFERENCES staff(employee_id),
	employee_id	TEXT NOT NULL REFERENCES staff(employee_id),
	course_id	INTEGER NOT NULL REFERENCES course(id),
	created_at	INTEGER NOT NULL,
	UNIQUE (employee_id, course_id, manager_id)
);
