package mqttsync

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"time"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"

	"accueil/internal/queue"
)

// Keyring checks the broker credentials of a store's devices (see
// accueil/internal/enrol).
type Keyring interface {
	// Authenticate returns the kind of device when secret is its
	// credential and it is not revoked.
	Authenticate(ctx context.Context, device, secret string) (kind string, ok bool)
	// Revoked returns the revoked devices.
	Revoked(ctx context.Context) (map[string]bool, error)
}

// authHook is the embedded broker's door and access rules: no anonymous
// client, a client id equal to its username, a password the keyring
// knows, and the topics of access.go. Only the hub may leave a will or a
// retained message.
type authHook struct {
	mqtt.HookBase
	topics Topics
	keys   Keyring
	log    *slog.Logger
	kinds  sync.Map // username → kind of device, learnt when it authenticated
}

func (h *authHook) ID() string { return "accueil-auth" }

func (h *authHook) Provides(b byte) bool {
	return bytes.Contains([]byte{mqtt.OnConnectAuthenticate, mqtt.OnACLCheck, mqtt.OnPublish}, []byte{b})
}

func (h *authHook) OnConnectAuthenticate(cl *mqtt.Client, pk packets.Packet) bool {
	user, pass := string(pk.Connect.Username), string(pk.Connect.Password)
	why := ""
	switch {
	case user == "" || len(pass) == 0:
		why = "anonymous"
	case cl.ID != user:
		why = "client id is not the username"
	case pk.Connect.WillFlag && (user != queue.DeviceHub || !h.topics.Allowed(user, queue.DeviceHub, true, pk.Connect.WillTopic)):
		why = "a will only the hub may leave"
	default:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		kind, ok := h.keys.Authenticate(ctx, user, pass)
		switch {
		case !ok:
			why = "wrong or revoked credential"
		case (kind == queue.DeviceHub) != (user == queue.DeviceHub):
			why = "the hub's credential under another name"
		default:
			h.kinds.Store(user, kind)
			return true
		}
	}
	h.log.Warn("connection refused", "client", cl.ID, "user", user, "remote", cl.Net.Remote, "why", why)
	return false
}

func (h *authHook) OnACLCheck(cl *mqtt.Client, topic string, write bool) bool {
	user := string(cl.Properties.Username)
	kind, _ := h.kinds.Load(user)
	k, _ := kind.(string)
	ok := h.topics.Allowed(user, k, write, topic)
	if !ok {
		h.log.Warn("access refused", "client", cl.ID, "topic", topic, "write", write)
	}
	return ok
}

func (h *authHook) OnPublish(cl *mqtt.Client, pk packets.Packet) (packets.Packet, error) {
	if pk.FixedHeader.Retain && string(cl.Properties.Username) != queue.DeviceHub {
		h.log.Warn("retained message refused", "client", cl.ID, "topic", pk.TopicName)
		return pk, packets.ErrRejectPacket
	}
	return pk, nil
}

// revokedEvery is how often the broker looks for revoked devices still
// connected (a revocation may come from another process).
const revokedEvery = time.Second

// dropRevoked disconnects, every revokedEvery until ctx ends, the clients
// whose credential is revoked.
func (b *Broker) dropRevoked(ctx context.Context, keys Keyring) {
	tick := time.NewTicker(revokedEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		revoked, err := keys.Revoked(ctx)
		if err != nil {
			continue
		}
		for _, cl := range b.server.Clients.GetAll() {
			if revoked[string(cl.Properties.Username)] && !cl.Closed() {
				b.log.Warn("revoked device disconnected", "client", cl.ID)
				b.server.DisconnectClient(cl, packets.ErrNotAuthorized)
			}
		}
	}
}
