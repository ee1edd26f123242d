-- 0017: the outbox's not_before in milliseconds of the wall clock, not
-- seconds.  The sender paces each conversation (Slack: one post a second)
-- by moving a row's not_before to the slot it is booked for; rounded up
-- to a whole second, a slot held each paced post back for up to a second
-- more than its pace.
UPDATE outbox SET not_before = not_before * 1000;
