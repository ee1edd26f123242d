-- 0009: what an operator changed in a class with yellctl (class move,
-- class capacity) stays when the catalogue is imported again.

ALTER TABLE class ADD COLUMN moved_at INTEGER;	-- when it was moved, or NULL
ALTER TABLE class ADD COLUMN capacity_set_at INTEGER;	-- set by hand, or NULL
-- Bumped by every move, cancellation and reopening: the SEQUENCE of the
-- class's calendar events, so that an imported calendar follows changes.
ALTER TABLE class ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
