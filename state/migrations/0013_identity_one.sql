-- 0013: one chat account per employee and one employee per account, on
-- each platform.  A second link for an employee is refused, not added: an
-- older duplicate keeps only its latest link here, as the outbox already
-- used.  checked_at: when the account's email was last found to match
-- the roster (NULL: not since it was linked).
DELETE FROM chat_identity WHERE rowid NOT IN (
    SELECT max(rowid) FROM chat_identity GROUP BY platform, employee_id);
DROP INDEX chat_identity_employee;
CREATE UNIQUE INDEX chat_identity_employee ON chat_identity(employee_id, platform);
ALTER TABLE chat_identity ADD COLUMN checked_at INTEGER;

-- The platform account a row goes to when the row says so: the account
-- that asked (a reply), or someone on no roster (a stranger's answer,
-- whose recipient is then '').  NULL: the recipient's linked account.
ALTER TABLE outbox ADD COLUMN chat_user TEXT;
