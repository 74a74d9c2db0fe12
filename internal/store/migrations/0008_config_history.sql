-- The history of the configuration's changes, read without a pass over
-- the whole log (see ConfigChanges).
CREATE INDEX events_config ON events (seq) WHERE type = 'config.changed';
