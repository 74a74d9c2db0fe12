package mqttsync

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"accueil/internal/queue"
)

// grant is a right on the broker: to write (publish) or read (subscribe
// and receive) the topics of a store matching topic, where %u stands for
// the client's own username.
type grant struct {
	hub   bool     // the hub's right; otherwise a device's
	kinds []string // the kinds of device it is for; nil: every kind
	write bool
	topic string
}

// public are the kinds of device that read the public log: they stand
// where anyone passes, show no visitor's personal data, and get none.
var public = []string{queue.DeviceKiosk, queue.DeviceDisplay}

// grants is the whole access table, for the embedded broker's hook and
// Mosquitto's acl_file alike. Devices write only their own cmd and sync
// topics and read their own answers, the hub's state and the log: the
// whole log for counters, the public one (without personal data) for
// kiosks and displays. Only the hub writes the logs, answers and state.
var grants = [...]grant{
	{hub: true, write: true, topic: "log"},
	{hub: true, write: true, topic: "log/public"},
	{hub: true, write: true, topic: "ack/+"},
	{hub: true, write: true, topic: "page/+"},
	{hub: true, write: true, topic: "state/#"},
	{hub: true, topic: "cmd/+"},
	{hub: true, topic: "sync/+"},
	{write: true, topic: "cmd/%u"},
	{write: true, topic: "sync/%u"},
	{kinds: []string{queue.DeviceCounter}, topic: "log"},
	{kinds: public, topic: "log/public"},
	{topic: "ack/%u"},
	{topic: "page/%u"},
	{topic: "state/#"},
}

// Allowed reports whether user, a device of kind (queue.DeviceHub for the
// hub), may write or read topic (a topic name, or a filter when reading:
// every topic it matches must be allowed). user must be authenticated.
func (t Topics) Allowed(user, kind string, write bool, topic string) bool {
	hub := user == queue.DeviceHub
	for _, g := range grants {
		if g.hub == hub && g.write == write && (g.kinds == nil || slices.Contains(g.kinds, kind)) &&
			covers(t.root()+strings.ReplaceAll(g.topic, "%u", user), topic) {
			return true
		}
	}
	return false
}

// covers reports whether every topic that filter matches also matches
// pattern.
func covers(pattern, filter string) bool {
	pl, fl := strings.Split(pattern, "/"), strings.Split(filter, "/")
	for i, p := range pl {
		if p == "#" {
			return true
		}
		if i >= len(fl) || fl[i] == "#" || (p != "+" && p != fl[i]) {
			return false
		}
	}
	return len(fl) == len(pl)
}

// MosquittoACL returns a Mosquitto acl_file giving users (device id →
// kind, queue.DeviceHub for the hub) the rights they have on the embedded
// broker. Mosquitto cannot forbid a retained message by topic: a device's
// retained message can only land on its own cmd or sync topic, where the
// hub takes it as any other.
func (t Topics) MosquittoACL(users map[string]string) string {
	var b strings.Builder
	b.WriteString("# Accueil store " + t.Store + ": written by `backoffice mosquitto`, do not edit.\n")
	ids := slices.Sorted(maps.Keys(users))
	for _, u := range ids {
		fmt.Fprintf(&b, "\nuser %s\n", u)
		for _, g := range grants {
			if g.hub != (u == queue.DeviceHub) || (g.kinds != nil && !slices.Contains(g.kinds, users[u])) {
				continue
			}
			mode := "read"
			if g.write {
				mode = "write"
			}
			fmt.Fprintf(&b, "topic %s %s\n", mode, t.root()+strings.ReplaceAll(g.topic, "%u", u))
		}
	}
	return b.String()
}
