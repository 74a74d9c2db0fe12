package mqttsync

import "strings"

// Topics names the MQTT topics of one store.
type Topics struct{ Store string }

func (t Topics) root() string { return "accueil/v1/" + t.Store + "/" }

// Cmd is where device sends its envelopes.
func (t Topics) Cmd(device string) string { return t.root() + "cmd/" + device }

// Ack is where the hub answers device.
func (t Topics) Ack(device string) string { return t.root() + "ack/" + device }

// Log is where the hub publishes the sequenced events.
func (t Topics) Log() string { return t.root() + "log" }

// PublicLog is the log without visitors' personal data, which kiosks and
// displays read instead of Log.
func (t Topics) PublicLog() string { return t.root() + "log/public" }

// Sync is where device asks to catch up.
func (t Topics) Sync(device string) string { return t.root() + "sync/" + device }

// Page is where the hub sends device the pages of the log it asked for.
func (t Topics) Page(device string) string { return t.root() + "page/" + device }

// Hub is the retained topic of the hub's Presence.
func (t Topics) Hub() string { return t.root() + "state/hub" }

// State is the retained topic of a summary for displays ("queue").
func (t Topics) State(name string) string { return t.root() + "state/" + name }

// device returns the last level of topic, the device it names.
func device(topic string) string { return topic[strings.LastIndexByte(topic, '/')+1:] }
