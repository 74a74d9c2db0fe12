package mqttsync_test

import (
	"testing"

	"accueil/internal/mqttsync"
	"accueil/internal/synctest"
)

// TestAccess checks the access table on topic names and filters, for the
// hub and for a device.
func TestAccess(t *testing.T) {
	top := mqttsync.Topics{Store: "s1"}
	for _, tc := range []struct {
		user  string
		kind  string
		write bool
		topic string
		want  bool
	}{
		{"kiosk-1", "kiosk", true, top.Cmd("kiosk-1"), true},
		{"kiosk-1", "kiosk", true, top.Cmd("counter-1"), false},
		{"kiosk-1", "kiosk", true, top.Sync("kiosk-1"), true},
		{"kiosk-1", "kiosk", true, top.Log(), false},
		{"kiosk-1", "kiosk", true, top.Ack("kiosk-1"), false},
		{"kiosk-1", "kiosk", true, top.Hub(), false},
		{"kiosk-1", "kiosk", false, top.Log(), false}, // the whole log, with personal data: counters only
		{"kiosk-1", "kiosk", false, top.Ack("kiosk-1"), true},
		{"kiosk-1", "kiosk", false, top.Ack("counter-1"), false},
		{"kiosk-1", "kiosk", false, top.Ack("+"), false},
		{"kiosk-1", "kiosk", false, top.Page("kiosk-1"), true},
		{"kiosk-1", "kiosk", false, top.Hub(), true},
		{"kiosk-1", "kiosk", false, "accueil/v1/s1/state/#", true},
		{"kiosk-1", "kiosk", false, "accueil/v1/s1/state/+", true},
		{"kiosk-1", "kiosk", false, "#", false},
		{"kiosk-1", "kiosk", false, "accueil/v1/s1/#", false},
		{"kiosk-1", "kiosk", false, "accueil/v1/+/log/public", false},
		{"kiosk-1", "kiosk", false, top.Cmd("kiosk-1"), false},
		{"kiosk-1", "kiosk", false, "accueil/v1/s2/log", false},
		{"hub", "hub", true, top.Log(), true},
		{"hub", "hub", true, top.Ack("kiosk-1"), true},
		{"hub", "hub", true, top.Hub(), true},
		{"hub", "hub", true, top.Cmd("kiosk-1"), false},
		{"hub", "hub", false, top.Cmd("+"), true},
		{"hub", "hub", false, top.Sync("+"), true},
		{"hub", "hub", false, "#", false},
	} {
		if got := top.Allowed(tc.user, tc.kind, tc.write, tc.topic); got != tc.want {
			t.Errorf("Allowed(%s (%s), write=%v, %s) = %v, want %v", tc.user, tc.kind, tc.write, tc.topic, got, tc.want)
		}
	}
}

// TestBrokerDoor checks who the embedded broker and Mosquitto let in.
func TestBrokerDoor(t *testing.T) {
	t.Run("Embedded", func(t *testing.T) { door(t, synctest.StartHub(t, "").URL()) })
	t.Run("Mosquitto", func(t *testing.T) {
		m := synctest.StartMosquitto(t)
		synctest.StartHub(t, m.URL())
		door(t, m.URL())
	})
}

func door(t *testing.T, broker string) {
	for _, tc := range []struct {
		name, id, user, pass string
		ok                   bool
	}{
		{"Device", "kiosk-1", "kiosk-1", synctest.Secret("kiosk-1"), true},
		{"Anonymous", "anon", "", "", false},
		{"WrongPassword", "kiosk-1", "kiosk-1", "guess", false},
		{"AnotherDevicesPassword", "kiosk-1", "kiosk-1", synctest.Secret("counter-1"), false},
		{"UnknownUser", "mallory", "mallory", "x", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := synctest.DialAs(broker, tc.id, tc.user, tc.pass)
			if (err == nil) != tc.ok {
				t.Fatalf("connect: %v, want ok=%v", err, tc.ok)
			}
			if c != nil {
				c.Disconnect(100)
			}
		})
	}
}
