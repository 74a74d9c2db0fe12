-- How far the erasure of visitors' personal data has gone (see erase.go):
-- the last event it passed, so that each run reads only what came since.
CREATE TABLE erasure (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL, -- every event up to it is erased
	day  TEXT    NOT NULL  -- every ticket of a day before it is erased
);
INSERT INTO erasure (id, seq, day) VALUES (1, 0, '');
