package mqttsync

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"strings"
	"time"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/listeners"
)

// Broker is the embedded MQTT broker a store runs when it has no external
// one.
type Broker struct {
	server *mqtt.Server
	tcp    *listeners.TCP
	log    *slog.Logger
	cancel context.CancelFunc
	tls    bool
}

// Limits of the embedded broker: a shop has tens of devices, each with one
// session, and every message is an envelope, a page or a summary.
const (
	maxClients       = 256
	maxPacket        = 4 * MaxPayload // larger envelopes reach the hub, which refuses them clearly
	maxWritesPending = 64 * 1024      // messages queued to one client: a device catching up takes bursts
	maxInflight      = 65535          // QoS 1 messages held for one client
)

// StartBroker starts the store's MQTT broker listening on addr
// ("127.0.0.1:1883", or ":0" for any free port) for store. Every client
// must be enrolled in keys, and may publish and read what access.go's
// table allows. Devices wait at a gate until the hub is ready (see gate).
//
// With tlsConfig, the listener speaks only TLS.
func StartBroker(addr, store string, keys Keyring, tlsConfig *tls.Config, log *slog.Logger) (*Broker, error) {
	caps := mqtt.NewDefaultServerCapabilities()
	caps.MaximumClients = maxClients
	caps.MaximumPacketSize = maxPacket
	caps.MaximumClientWritesPending = maxWritesPending
	caps.MaximumInflight = maxInflight
	// mochi drops retained messages older than this (a day by default):
	// the hub's presence on state/hub is published once per run, so a device
	// connecting after a day of uptime would believe the hub away.
	caps.MaximumMessageExpiryInterval = 0
	log = log.With("part", "broker")
	server := mqtt.New(&mqtt.Options{Capabilities: caps, Logger: log, InlineClient: false})
	if err := server.AddHook(&authHook{topics: Topics{store}, keys: keys, log: log}, nil); err != nil {
		return nil, err
	}
	if err := server.AddHook(&gate{server: server}, nil); err != nil {
		return nil, err
	}
	tcp := listeners.NewTCP(listeners.Config{ID: "tcp", Address: addr, TLSConfig: tlsConfig})
	if err := server.AddListener(tcp); err != nil {
		return nil, fmt.Errorf("mqttsync: broker on %s: %w", addr, err)
	}
	if err := server.Serve(); err != nil {
		return nil, fmt.Errorf("mqttsync: broker: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &Broker{server: server, tcp: tcp, log: log, cancel: cancel, tls: tlsConfig != nil}
	go b.dropRevoked(ctx, keys)
	return b, nil
}

// URL returns the address clients connect to, "tcp://host:port" or
// "tls://host:port".
func (b *Broker) URL() string {
	if b.tls {
		return "tls://" + b.tcp.Address()
	}
	return "tcp://" + b.tcp.Address()
}

// Retained returns how many retained messages the broker holds for the
// store (its own $SYS topics aside).
func (b *Broker) Retained() int {
	n := 0
	for topic := range b.server.Topics.Retained.GetAll() {
		if !strings.HasPrefix(topic, "$SYS/") {
			n++
		}
	}
	return n
}

// closeWait bounds how long Close waits for the clients' connections.
const closeWait = 3 * time.Second

// Close stops the broker and drops its clients. It waits for their
// connections to end at most closeWait: a client that stopped reading must
// not keep the broker (and the hub's shutdown) waiting.
func (b *Broker) Close() error {
	b.cancel()
	done := make(chan error, 1)
	go func() { done <- b.server.Close() }()
	select {
	case err := <-done:
		return err
	case <-time.After(closeWait):
		return fmt.Errorf("mqttsync: broker closed, some client connections still ending")
	}
}
