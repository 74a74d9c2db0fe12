-- The event log: on the hub the store's authority, on a device its replica.
CREATE TABLE events (
	seq    INTEGER PRIMARY KEY,          -- store sequence, given by the hub
	id     TEXT    NOT NULL UNIQUE,      -- UUIDv7: deduplicates deliveries
	device TEXT    NOT NULL,
	hlc    INTEGER NOT NULL,
	type   TEXT    NOT NULL,
	at     TEXT    NOT NULL,
	body   BLOB    NOT NULL
);

-- Events a device made and the hub has not acknowledged yet.
CREATE TABLE outbox (
	n      INTEGER PRIMARY KEY AUTOINCREMENT, -- order of making
	id     TEXT    NOT NULL UNIQUE,
	event  BLOB    NOT NULL,                  -- the event as JSON
	tries  INTEGER NOT NULL DEFAULT 0
);

-- Read models: the state folded from the log, kept in the same transaction.
CREATE TABLE tickets (
	id         TEXT PRIMARY KEY,
	number     TEXT NOT NULL,
	day        TEXT NOT NULL,
	reason     TEXT NOT NULL,
	status     TEXT NOT NULL,
	priority   TEXT NOT NULL,
	customer   TEXT NOT NULL,
	arrived_at TEXT NOT NULL,
	data       BLOB NOT NULL
);
CREATE INDEX tickets_status ON tickets (status, reason);
CREATE INDEX tickets_customer ON tickets (customer) WHERE customer <> '';

CREATE TABLE appointments (code TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE sessions (staff TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE leases (
	device TEXT NOT NULL, day TEXT NOT NULL, prefix TEXT NOT NULL,
	first  INTEGER NOT NULL, last INTEGER NOT NULL,
	PRIMARY KEY (day, prefix, first)
);
CREATE TABLE alerts (device TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE config (id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL);
