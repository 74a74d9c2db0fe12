package mqttsync_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// BenchmarkRoundTrip measures an event's trip from one device through the
// hub to another device: a kiosk issues a ticket, a counter sees it.
func BenchmarkRoundTrip(b *testing.B) {
	b.Run("EmbeddedBroker", func(b *testing.B) { roundTrip(b, "") })
	b.Run("Mosquitto", func(b *testing.B) { roundTrip(b, synctest.StartMosquitto(b).URL()) })
}

func roundTrip(b *testing.B, broker string) {
	h := synctest.StartHub(b, broker)
	kiosk := synctest.StartDevice(b, "kiosk-1", h.URL())
	counter := synctest.StartDevice(b, "counter-1", h.URL())
	kiosk.Ready()
	seen := make(chan struct{}, 1)
	counter.OnChange(func() {
		select {
		case seen <- struct{}{}:
		default:
		}
	})
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	reasons := []string{"purchase", "sim", "expert", "other"}
	for i := range b.N {
		start := time.Now()
		tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: reasons[i%len(reasons)]}, false)
		if err != nil {
			b.Fatal(err)
		}
		for counter.View().Tickets[tk.ID] == nil {
			<-seen
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
	b.ReportMetric(float64(p(0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkHubThroughput measures how many events a second the hub makes
// durable (synchronous=FULL, one transaction per batch) when a device
// sends a burst: b.N device alerts (an event whose own work is small),
// published as fast as MQTT takes them.
func BenchmarkHubThroughput(b *testing.B) {
	h := synctest.StartHub(b, "")
	counter := synctest.StartDevice(b, "counter-1", h.URL())
	counter.Ready()
	// A raw MQTT client, connected as counter-2, sends on its topic.
	raw := synctest.Dial(b, h.URL(), "counter-2")
	clock := mqttsync.NewClock(func() time.Time { return time.Now().Add(time.Second) })
	topic := mqttsync.Topics{Store: "s1"}.Cmd("counter-2")
	payloads := make([][]byte, b.N)
	for i := range payloads {
		e, _ := queue.NewEvent(uuid.Must(uuid.NewV7()).String(), "counter-2", queue.DeviceAlert, time.Now(), queue.AlertBody{Kind: "printer", Status: "ready"})
		e.HLC, e.N = clock.Now(), int64(i+1)
		payloads[i], _ = mqttsync.Encode(e)
	}
	before, batches := h.Stats.Applied.Load(), h.Stats.Batches.Load()
	b.ResetTimer()
	start := time.Now()
	for _, p := range payloads {
		raw.Publish(topic, 1, false, p)
	}
	synctest.WaitFor(b, "the hub to apply the burst", func() bool { return h.Stats.Applied.Load() >= before+int64(b.N) })
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(b.N)/float64(h.Stats.Batches.Load()-batches), "events/commit")
	b.ReportMetric(0, "ns/op")
}
