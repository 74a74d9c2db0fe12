package mqttsync

import (
	"fmt"
	"log/slog"
	"time"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/hooks/auth"
	"github.com/mochi-mqtt/server/v2/listeners"
)

// Broker is the embedded MQTT broker a store runs when it has no external
// one.
type Broker struct {
	server *mqtt.Server
	tcp    *listeners.TCP
}

// StartBroker starts an MQTT broker listening on addr ("127.0.0.1:1883",
// or ":0" for any free port). It lets every client in: the broker serves
// the shop's own network; the hub checks that devices are enrolled. Devices
// wait at a gate until the hub is ready (see gate).
func StartBroker(addr string, log *slog.Logger) (*Broker, error) {
	caps := mqtt.NewDefaultServerCapabilities()
	caps.MaximumPacketSize = 4 * MaxPayload // larger envelopes reach the hub, which refuses them clearly
	caps.MaximumClientWritesPending = 64 * 1024
	caps.MaximumInflight = 65535
	// mochi drops retained messages older than this (a day by default):
	// the hub's presence on state/hub is published once per run, so a device
	// connecting after a day of uptime would believe the hub away.
	caps.MaximumMessageExpiryInterval = 0
	server := mqtt.New(&mqtt.Options{Capabilities: caps, Logger: log.With("part", "broker"), InlineClient: false})
	if err := server.AddHook(new(auth.AllowHook), nil); err != nil {
		return nil, err
	}
	if err := server.AddHook(&gate{server: server}, nil); err != nil {
		return nil, err
	}
	tcp := listeners.NewTCP(listeners.Config{ID: "tcp", Address: addr})
	if err := server.AddListener(tcp); err != nil {
		return nil, fmt.Errorf("mqttsync: broker on %s: %w", addr, err)
	}
	if err := server.Serve(); err != nil {
		return nil, fmt.Errorf("mqttsync: broker: %w", err)
	}
	return &Broker{server: server, tcp: tcp}, nil
}

// URL returns the address clients connect to, "tcp://host:port".
func (b *Broker) URL() string { return "tcp://" + b.tcp.Address() }

// closeWait bounds how long Close waits for the clients' connections.
const closeWait = 3 * time.Second

// Close stops the broker and drops its clients. It waits for their
// connections to end at most closeWait: a client that stopped reading must
// not keep the broker (and the hub's shutdown) waiting.
func (b *Broker) Close() error {
	done := make(chan error, 1)
	go func() { done <- b.server.Close() }()
	select {
	case err := <-done:
		return err
	case <-time.After(closeWait):
		return fmt.Errorf("mqttsync: broker closed, some client connections still ending")
	}
}
