package mqttsync

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
