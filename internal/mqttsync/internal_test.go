package mqttsync

// Tests that need the package's insides: the envelope decoder fuzzed, the
// sender's back-off.

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"accueil/internal/queue"
)

// FuzzDecode feeds any payload on a device's cmd topic to Decode: it must
// not panic, a refusal must carry a code (the device learns why), and what
// it takes must come out the same when encoded and decoded again.
func FuzzDecode(f *testing.F) {
	e, _ := queue.NewEvent(uuid.Must(uuid.NewV7()).String(), "kiosk-1", queue.DeviceAlert, time.Now(), queue.AlertBody{Kind: "printer", Status: "ready"})
	e.HLC, e.N = NewClock(time.Now).Now(), 1
	good, _ := Encode(e)
	f.Add(good, "kiosk-1")
	f.Add(good, "counter-1")
	f.Add([]byte(`{"v":1,"id":"x"}`), "kiosk-1")
	f.Add([]byte(`{"v":1,"after":-1,"n":0}`), "kiosk-1")
	f.Add([]byte("{not json"), "kiosk-1")
	f.Fuzz(func(t *testing.T, payload []byte, device string) {
		env, err := Decode(payload, device)
		if err != nil {
			var rej *rejectError
			if !errors.As(err, &rej) || rej.code == "" {
				t.Fatalf("refusal without a code: %v", err)
			}
			return
		}
		again, _ := json.Marshal(env)
		env2, err := Decode(again, device)
		if err != nil {
			t.Fatalf("taken once, refused when sent again: %v\n%s", err, again)
		}
		if twice, _ := json.Marshal(env2); !bytes.Equal(again, twice) {
			t.Fatalf("changed on the way:\n%s\n%s", again, twice)
		}
	})
}

// TestRetryBackoff: an event the hub could not write is sent again later
// each time (2, 4, 8, 16, then every 32 s), and at once on a new
// connection.
func TestRetryBackoff(t *testing.T) {
	c := &Client{sent: map[string]time.Time{}, sentGen: map[string]int{}, retries: map[string]int{}}
	t0 := time.Now()
	if !c.due("e", t0) {
		t.Fatal("a new event is not due")
	}
	at := t0
	for i, wait := range []time.Duration{2, 4, 8, 16, 32, 32} {
		c.retries["e"] = i
		wait *= time.Second
		if c.due("e", at.Add(wait-time.Millisecond)) {
			t.Errorf("after %d retries, sent again before %v", i, wait)
		}
		if !c.due("e", at.Add(wait+time.Millisecond)) {
			t.Errorf("after %d retries, not sent again after %v", i, wait)
		}
		at = at.Add(wait + time.Millisecond)
	}
	c.gen++
	if !c.due("e", at) {
		t.Error("not sent at once on a new connection")
	}
}
