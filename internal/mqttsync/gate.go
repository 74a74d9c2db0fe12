package mqttsync

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync/atomic"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"

	"accueil/internal/queue"
)

// gate is a hook of the embedded broker that lets devices in only while
// the hub is there: from the hub's "online" (sent once it has loaded its
// log and subscribed) until it goes. A device let in before would send
// into the void. Devices already in stay: they see the hub's presence.
type gate struct {
	mqtt.HookBase
	server *mqtt.Server
	open   atomic.Bool
}

func (g *gate) ID() string { return "accueil-gate" }

func (g *gate) Provides(b byte) bool {
	return bytes.Contains([]byte{mqtt.OnConnect, mqtt.OnPublished, mqtt.OnDisconnect}, []byte{b})
}

// OnConnect refuses a device while the hub is away ("server unavailable":
// the device tries again).
func (g *gate) OnConnect(cl *mqtt.Client, _ packets.Packet) error {
	if isHub(cl) || g.open.Load() {
		return nil
	}
	g.server.SendConnack(cl, packets.ErrServerUnavailable, false, nil)
	return packets.ErrServerUnavailable
}

// OnPublished opens the gate on the hub's "online", and closes it on its
// goodbye.
func (g *gate) OnPublished(cl *mqtt.Client, pk packets.Packet) {
	if !isHub(cl) || !strings.HasSuffix(pk.TopicName, "/state/hub") {
		return
	}
	var p Presence
	json.Unmarshal(pk.Payload, &p)
	g.open.Store(p.State == hubOnline)
}

// OnDisconnect closes the gate when the hub goes.
func (g *gate) OnDisconnect(cl *mqtt.Client, _ error, _ bool) {
	if isHub(cl) {
		g.open.Store(false)
	}
}

// isHub reports whether cl is the hub: its username, which the broker
// authenticates (see authHook), is queue.DeviceHub's.
func isHub(cl *mqtt.Client) bool { return string(cl.Properties.Username) == queue.DeviceHub }
