-- Each device's highest clock stamp is read at the hub's start: one index
-- lookup per device instead of a scan of the whole log.
CREATE INDEX events_device_hlc ON events (device, hlc);
