-- 0007: indexes for the lookups on the ack and delivery paths, so that no
-- frequent query reads a whole table that grows with the staff or the
-- messages (tests/unit/test_plan.c checks every one of them).

-- The reverse identity lookup (employee -> chat account), made for each
-- delivery on the sender thread; also the foreign key's, which every
-- roster upsert and staff delete checks.
CREATE INDEX chat_identity_employee ON chat_identity(employee_id, platform);

-- A person's enrolments by status: the reminder run reads the due
-- people's enrolled ones, and the foreign key is checked by each roster
-- upsert.  enrollment_active is partial and its WHERE does not follow
-- from "status = 'enrolled'", so the planner cannot use it there.
CREATE INDEX enrollment_employee ON enrollment(employee_id, status);

-- Linking a new chat account by its email, compared without case.
CREATE INDEX staff_email_folded ON staff(lower(email));

-- The foreign key endorsement.manager_id, checked by each roster upsert.
CREATE INDEX endorsement_manager ON endorsement(manager_id);
