package mqttsync

import (
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// message is an MQTT message handed from paho's goroutine to ours.
type message struct {
	topic   string
	payload []byte
}

// newMQTT returns a paho client that connects to broker in the background
// and keeps reconnecting; onConnect runs after each (re)connection. With a
// will topic, the broker publishes "offline" there, retained, when the
// client goes without saying goodbye.
func newMQTT(broker, clientID string, clean bool, will string, onConnect func(paho.Client), onLost func()) paho.Client {
	opts := paho.NewClientOptions().
		AddBroker(broker).
		SetClientID(clientID).
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
		SetConnectionLostHandler(func(paho.Client, error) { onLost() })
	if will != "" {
		opts.SetWill(will, hubOffline, 1, true)
	}
	return paho.NewClient(opts)
}

// The hub's presence, retained on Topics.Hub.
const (
	hubOnline  = "online"
	hubOffline = "offline"
)

// publish sends payload without waiting: paho keeps the order of calls, and
// what matters for delivery is the application-level ack, not the token.
func publish(c paho.Client, topic string, retained bool, payload []byte) {
	c.Publish(topic, 1, retained, payload)
}
