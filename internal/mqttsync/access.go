package mqttsync

import (
	"fmt"
	"strings"

	"accueil/internal/queue"
)

// grant is a right of a role on the broker: to write (publish) or read
// (subscribe and receive) the topics of a store matching topic, where %u
// stands for the client's own username.
type grant struct {
	hub   bool // the hub's right; otherwise every device's
	write bool
	topic string
}

// grants is the whole access table, for the embedded broker's hook and
// Mosquitto's acl_file alike. Devices write only their own cmd and sync
// topics and read the log, their own answers and the hub's state; only the
// hub writes the log, answers and state.
var grants = [...]grant{
	{hub: true, write: true, topic: "log"},
	{hub: true, write: true, topic: "ack/+"},
	{hub: true, write: true, topic: "page/+"},
	{hub: true, write: true, topic: "state/#"},
	{hub: true, topic: "cmd/+"},
	{hub: true, topic: "sync/+"},
	{write: true, topic: "cmd/%u"},
	{write: true, topic: "sync/%u"},
	{topic: "log"},
	{topic: "ack/%u"},
	{topic: "page/%u"},
	{topic: "state/#"},
}

// Allowed reports whether user may write or read topic (a topic name, or
// a filter when reading: every topic it matches must be allowed). The hub
// is the user queue.DeviceHub; user must be an authenticated username.
func (t Topics) Allowed(user string, write bool, topic string) bool {
	hub := user == queue.DeviceHub
	for _, g := range grants {
		if g.hub == hub && g.write == write && covers(t.root()+strings.ReplaceAll(g.topic, "%u", user), topic) {
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

// MosquittoACL returns a Mosquitto acl_file giving users (device ids, and
// queue.DeviceHub for the hub) the rights they have on the embedded
// broker. Mosquitto cannot forbid a retained message by topic: a device's
// retained message can only land on its own cmd or sync topic, where the
// hub takes it as any other.
func (t Topics) MosquittoACL(users []string) string {
	var b strings.Builder
	b.WriteString("# Accueil store " + t.Store + ": written by `backoffice mosquitto`, do not edit.\n")
	for _, u := range users {
		fmt.Fprintf(&b, "\nuser %s\n", u)
		for _, g := range grants {
			if g.hub != (u == queue.DeviceHub) {
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
