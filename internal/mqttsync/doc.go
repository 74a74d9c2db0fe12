// Package mqttsync carries a store's events between its devices and its hub
// over MQTT (github.com/eclipse/paho.mqtt.golang), with an embedded broker
// (github.com/mochi-mqtt/server/v2) for a store that runs on its own.
//
// Topics, under accueil/v1/<store>/:
//
//	cmd/<device>   device → hub: an Envelope (an event, or a request)
//	ack/<device>   hub → device: an Ack for each envelope
//	log            hub → all: each sequenced event, in order
//	sync/<device>  device → hub: a SyncRequest (catch up from a sequence)
//	page/<device>  hub → device: a Page of the log
//	state/hub      hub → all, retained: its Presence
//	state/queue    hub → all, retained: who is called, how many wait
//
// The hub is the authority. It validates each envelope, drops duplicates by
// event id, turns requests (call next, lease numbers, log in) into events,
// applies them to the store's state and writes them, sequenced, to its log
// in one transaction per batch (group commit), then publishes them and
// acknowledges. A device writes what it does to its outbox first, shows it
// at once, and sends it until acknowledged; it applies the log in order and
// catches up with sync requests after a gap or a reconnect. A device's
// events reach the hub in the order it numbered them (see Envelope and the
// README's "Sync protocol").
package mqttsync
