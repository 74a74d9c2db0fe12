-- The broker credentials of the store's devices (on the hub only): who may
-- connect, as what kind of device. The secret itself is never stored.
CREATE TABLE credentials (
	device    TEXT PRIMARY KEY,
	kind      TEXT    NOT NULL,
	hash      TEXT    NOT NULL,           -- argon2id of the secret (PHC string)
	mosquitto TEXT    NOT NULL,           -- the same secret hashed for Mosquitto's password_file
	revoked   INTEGER NOT NULL DEFAULT 0,
	created   TEXT    NOT NULL
);

-- One-time pairing codes: a device trades its code for a secret once,
-- before it expires.
CREATE TABLE pairings (
	device  TEXT PRIMARY KEY,
	kind    TEXT NOT NULL,
	hash    TEXT NOT NULL, -- argon2id of the code
	expires TEXT NOT NULL
);
