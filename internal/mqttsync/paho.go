package mqttsync

import (
	"crypto/tls"
	"encoding/json"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/eclipse/paho.mqtt.golang/packets"
)

// message is an MQTT message handed from paho's goroutine to ours.
type message struct {
	topic   string
	payload []byte
}

// newMQTT returns a paho client that connects to broker in the background
// as user (its client id too: the broker requires them equal) with secret,
// and keeps reconnecting; onConnect runs after each (re)connection. With a
// will topic, the broker publishes will there, retained, when the client
// goes without saying goodbye.
func newMQTT(broker, user, secret string, tlsConfig *tls.Config, clean bool, willTopic string, will []byte, onConnect func(paho.Client), onLost func()) paho.Client {
	opts := paho.NewClientOptions().
		AddBroker(broker).
		SetClientID(user).
		SetUsername(user).
		SetPassword(secret).
		SetCleanSession(clean).
		SetOrderMatters(true).
		SetAutoReconnect(true).
		SetConnectRetry(true).
		SetConnectRetryInterval(250 * time.Millisecond).
		SetMaxReconnectInterval(2 * time.Second).
		SetConnectTimeout(3 * time.Second).
		SetKeepAlive(10 * time.Second).
		SetPingTimeout(3 * time.Second).
		SetWriteTimeout(5 * time.Second).
		SetOnConnectHandler(onConnect).
		SetConnectionLostHandler(func(paho.Client, error) { onLost() }).
		SetStore(memoryless{})
	if tlsConfig != nil {
		opts.SetTLSConfig(tlsConfig)
	}
	if willTopic != "" {
		opts.SetBinaryWill(willTopic, will, 1, true)
	}
	return paho.NewClient(opts)
}

// memoryless is a paho store that keeps nothing, so a client that
// reconnects does not replay the QoS 1 messages it had in flight. Accueil
// does not need that replay: devices resend their outbox until the hub
// acknowledges, and catch up on the log with sync requests. And paho's
// replay races with its own sender (eclipse-paho/paho.mqtt.golang#703,
// seen here under -race).
type memoryless struct{}

func (memoryless) Open()                             {}
func (memoryless) Put(string, packets.ControlPacket) {}
func (memoryless) Get(string) packets.ControlPacket  { return nil }
func (memoryless) All() []string                     { return nil }
func (memoryless) Del(string)                        {}
func (memoryless) Close()                            {}
func (memoryless) Reset()                            {}

// Presence is the hub's presence, retained on Topics.Hub: "online" once
// it has loaded its log and subscribed, "offline" when it goes (its goodbye,
// or its will). Session names the hub's run, so that a device believes an
// "online" only once that run has answered it (see Page.Hub): a stale
// retained one, from a run that died with its will lost, is not believed.
type Presence struct {
	State   string `json:"state"`
	Session string `json:"session"`
}

// Presence states.
const (
	hubOnline  = "online"
	hubOffline = "offline"
)

func (p Presence) encode() []byte { b, _ := json.Marshal(p); return b }

// publish sends payload without waiting: paho keeps the order of calls, and
// what matters for delivery is the application-level ack, not the token.
func publish(c paho.Client, topic string, retained bool, payload []byte) {
	c.Publish(topic, 1, retained, payload)
}
