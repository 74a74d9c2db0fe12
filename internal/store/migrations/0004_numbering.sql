-- Per-device numbering: each device numbers its events 1, 2, 3… and the
-- hub takes a device's event n only after n-1 (events.n is that number, 0
-- for the hub's own events and for decided requests).
ALTER TABLE events ADD COLUMN n INTEGER NOT NULL DEFAULT 0;

-- On the hub, the last number of each device it has taken (applied, or
-- refused for good); on a device, for itself, the last number it gave.
CREATE TABLE numbering (
	device TEXT PRIMARY KEY,
	last   INTEGER NOT NULL
);

-- Events the hub refused for good, so that a copy gets the same answer.
CREATE TABLE refusals (
	id      TEXT PRIMARY KEY,
	device  TEXT    NOT NULL,
	n       INTEGER NOT NULL,
	code    TEXT    NOT NULL,
	message TEXT    NOT NULL
);
