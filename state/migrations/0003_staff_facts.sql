-- 0003: the roster facts that course target rules need (docs/catalog.md).
-- Each is a ';'-list of code names in a fixed order.  NULL means the roster
-- has never said (a rule needing it is "unknown"); '' means it says "none".

ALTER TABLE staff ADD COLUMN passed_exam TEXT;	-- senior;unit_chief;manager;senior_technician;foreman
ALTER TABLE staff ADD COLUMN eligible_exam TEXT;	-- the same exams
ALTER TABLE staff ADD COLUMN duties TEXT;	-- first_evaluator;new_unit_chief_duty;ojt_trainer;sanitation_transfer
