-- Staff PINs, on the hub only: the argon2id hash of each staff member's
-- PIN (or the PBKDF2 "salt$hash" an older log carried, until that member's
-- next login). Configuration events no longer carry them; the Go step of
-- this migration (pins.go) takes them out of the log, the read model and
-- the snapshots, of the hub and of every replica.
CREATE TABLE pins (
	staff  TEXT PRIMARY KEY,
	hash   TEXT NOT NULL,
	set_at TEXT NOT NULL
);
