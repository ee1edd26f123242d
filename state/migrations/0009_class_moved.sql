-- 0009: a class moved by an operator (yellctl class move) keeps its new
-- date when the catalogue is imported again.

ALTER TABLE class ADD COLUMN moved_at INTEGER;	-- when it was moved, or NULL
