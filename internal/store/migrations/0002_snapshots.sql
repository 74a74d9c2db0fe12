-- Snapshots of the state (queue.State.Snapshot): a store starts from the
-- latest and folds only the events after it. Written in the same
-- transaction as the events they follow, at each day close and every
-- SnapshotEvery events; the latest two are kept.
CREATE TABLE snapshots (
	seq     INTEGER PRIMARY KEY, -- the last event folded into it
	version INTEGER NOT NULL,    -- queue.SnapshotVersion
	day     TEXT    NOT NULL,    -- the open business day
	sum     TEXT    NOT NULL,    -- SHA-256 of data, hex
	data    BLOB    NOT NULL
);

-- History is read from the read models: a day's tickets, a customer's
-- earlier visits, newest first.
CREATE INDEX tickets_day ON tickets (day, arrived_at);
DROP INDEX tickets_customer;
CREATE INDEX tickets_customer ON tickets (customer, arrived_at) WHERE customer <> '';
