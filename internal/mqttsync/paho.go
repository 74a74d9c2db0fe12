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
// and keeps reconnecting; onConnect runs after each (re)connection.
func newMQTT(broker, clientID string, clean bool, onConnect func(paho.Client), onLost func()) paho.Client {
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
	return paho.NewClient(opts)
}

// publish sends payload without waiting: paho keeps the order of calls, and
// what matters for delivery is the application-level ack, not the token.
func publish(c paho.Client, topic string, retained bool, payload []byte) {
	c.Publish(topic, 1, retained, payload)
}
