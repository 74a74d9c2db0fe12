package mqttsync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/store"
	"accueil/internal/synctest"
)

// Upgrade fixtures: testdata/upgrade/<schema version>/ holds a hub database
// and a tablet's replica written by the version of that schema, with a day
// of tickets, and want.json, what they held. Each format change adds one
// (ACCUEIL_WRITE_FIXTURE=testdata/upgrade/NNNN go test -run TestWriteUpgradeFixture),
// and TestUpgrade opens every one with the current code.

// fixtureWant is what a fixture's databases held when they were written.
type fixtureWant struct {
	Day     string                   `json:"day"`
	At      time.Time                `json:"at"` // the time the day's events were made around
	Seq     int64                    `json:"seq"`
	Tickets map[string]*queue.Ticket `json:"tickets"`
	Leases  []queue.Lease            `json:"leases"`
	Free    map[string][]int         `json:"free"` // kiosk-1's free numbers by prefix
}

// TestWriteUpgradeFixture writes an upgrade fixture with this version's
// code, when ACCUEIL_WRITE_FIXTURE names the folder to write.
func TestWriteUpgradeFixture(t *testing.T) {
	dir := os.Getenv("ACCUEIL_WRITE_FIXTURE")
	if dir == "" {
		t.Skip("ACCUEIL_WRITE_FIXTURE is not set")
	}
	ctx := context.Background()
	h := synctest.StartHub(t, "")
	kiosk := synctest.StartDevice(t, "kiosk-1", h.URL())
	counter := synctest.StartDevice(t, "counter-1", h.URL())
	kiosk.Ready()
	counter.Synced()
	if _, err := h.Submit(ctx, queue.AppointmentBooked, queue.Appointment{Code: "RDV42", Kind: "appointment", Reason: "appointment",
		At: time.Now().Add(5 * time.Minute), Customer: "C-7", Name: "Durand"}); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "manager", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	reasons := []string{"purchase", "sim", "expert", "other"}
	for i := range 24 {
		b := queue.IssueBody{Reason: reasons[i%len(reasons)]}
		if i%5 == 0 {
			b.Customer = fmt.Sprintf("C-%d", i%3)
		}
		if _, err := kiosk.Issue(ctx, b, false); err != nil {
			t.Fatal(err)
		}
	}
	synctest.WaitFor(t, "kiosk's outbox empty", func() bool { return kiosk.Pending() == 0 })
	if _, err := kiosk.Issue(ctx, queue.IssueBody{Appointment: "RDV42"}, true); err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "kiosk's outbox empty", func() bool { return kiosk.Pending() == 0 })
	// Serve 17, transfer one, leave the others open at every stage: one
	// called at c1, one in service at c2 (a desk serves one visitor at a
	// time).
	for i := range 20 {
		a, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "manager", Counter: "c1"})
		if err != nil {
			t.Fatal(err)
		}
		tb := queue.TicketBody{Ticket: a.Ticket, Staff: "manager"}
		switch {
		case i == 19:
			continue // left called
		case i == 18:
			submit(t, counter, queue.TicketNoShow, tb)
			continue
		}
		submit(t, counter, queue.ServiceStarted, tb)
		switch {
		case i == 3:
			submit(t, counter, queue.NoteAdded, queue.NoteBody{Ticket: a.Ticket, Staff: "manager", Text: "écran cassé"})
			submit(t, counter, queue.TicketTransferred, queue.TransferBody{Ticket: a.Ticket, Staff: "manager", Reason: "expert"})
			continue
		}
		submit(t, counter, queue.ServiceFinished, queue.FinishBody{Ticket: a.Ticket, Staff: "manager", Outcome: "resolved"})
	}
	if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c2", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	a, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c2"})
	if err != nil {
		t.Fatal(err)
	}
	submit(t, counter, queue.ServiceStarted, queue.TicketBody{Ticket: a.Ticket, Staff: "conseil"}) // left in service
	synctest.WaitFor(t, "counter's outbox empty", func() bool { return counter.Pending() == 0 })
	st := h.State()
	synctest.WaitFor(t, "counter's log complete", func() bool { return counter.Seq() == st.Seq })

	now := time.Now()
	want := fixtureWant{Day: queue.Day(now, st.Config.Location()), At: now, Seq: st.Seq, Tickets: st.Tickets, Leases: st.Leases, Free: map[string][]int{}}
	for _, r := range st.Config.Reasons {
		want.Free[r.Prefix] = st.FreeNumbers("kiosk-1", want.Day, r.Prefix)
	}
	hubPath, counterPath := h.DB.Path, counter.DB.Path
	kiosk.Stop()
	counter.Stop()
	h.Stop()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	synctest.CopyFile(t, hubPath, filepath.Join(dir, "hub.db"))
	synctest.CopyFile(t, counterPath, filepath.Join(dir, "counter-1.db"))
	data, err := json.MarshalIndent(want, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "want.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func submit(t *testing.T, d *synctest.Device, typ string, body any) {
	t.Helper()
	if _, err := d.Submit(context.Background(), typ, body); err != nil {
		t.Fatalf("%s: %v", typ, err)
	}
}

// TestUpgrade opens each fixture's hub database and replica with this
// version's code, on the fixture's day, and finds the same tickets (with
// their history), the same leases and the same free numbers.
func TestUpgrade(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/upgrade/*")
	if len(dirs) == 0 {
		t.Fatal("no upgrade fixture")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "want.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want fixtureWant
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			old, err := os.ReadFile(filepath.Join(dir, "hub.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { noPINs(t, tmp, old) })
			synctest.CopyFile(t, filepath.Join(dir, "hub.db"), filepath.Join(tmp, "hub.db"))
			synctest.CopyFile(t, filepath.Join(dir, "counter-1.db"), filepath.Join(tmp, "counter-1.db"))
			ctx := context.Background()
			now := func() time.Time { return want.At }

			hubDB, err := store.Open(ctx, filepath.Join(tmp, "hub.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer hubDB.Close()
			hub, err := mqttsync.NewHub(ctx, mqttsync.HubConfig{Store: "s1", Broker: "tcp://" + synctest.FreeAddr(t), DB: hubDB, Now: now, Log: synctest.Quiet})
			if err != nil {
				t.Fatal(err)
			}
			var st *queue.State
			hubCtx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- hub.Run(hubCtx) }()
			if err := hub.Read(ctx, func(s *queue.State) { st = s.Clone() }); err != nil {
				t.Fatal(err)
			}
			stop()
			<-done
			checkFixture(t, "hub", st, want)
			if !hub.CheckPIN(ctx, "manager", "1234") || hub.CheckPIN(ctx, "manager", "0000") {
				t.Error("the manager's PIN from the old log does not check")
			}
			if hash, _, _ := hubDB.PIN(ctx, "manager"); !strings.HasPrefix(hash, "$argon2id$") {
				t.Errorf("the manager's PIN kept as %.12s…, want argon2id once checked", hash)
			}

			read, err := hubDB.TicketsOn(ctx, want.Day)
			if err != nil {
				t.Fatal(err)
			}
			if len(read) != len(want.Tickets) {
				t.Errorf("read model: %d tickets of %s, want %d", len(read), want.Day, len(want.Tickets))
			}
			for _, tk := range read {
				if w := want.Tickets[tk.ID]; w == nil || !sameJSON(&tk, w) {
					t.Errorf("read model: ticket %s differs", tk.Number)
				}
			}

			devDB, err := store.Open(ctx, filepath.Join(tmp, "counter-1.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer devDB.Close()
			c, err := mqttsync.NewClient(ctx, mqttsync.ClientConfig{Store: "s1", Device: "counter-1", Broker: "tcp://" + synctest.FreeAddr(t), DB: devDB, Now: now, Log: synctest.Quiet})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			checkFixture(t, "counter-1", c.View(), want)
		})
	}
}

// pinHash finds the PIN hashes a configuration carried in its JSON.
var pinHash = regexp.MustCompile(`"pin_hash":"([^"]+)"`)

// noPINs checks that no file in dir (databases, their WAL and shared
// memory) holds a "pin_hash" key, and that only the hub's holds any of the
// hashes of the old database, in its PIN table.
func noPINs(t *testing.T, dir string, old []byte) {
	hashes := pinHash.FindAllSubmatch(old, -1)
	if len(hashes) == 0 {
		t.Fatal("the old database carries no PIN hash: nothing tested")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("pin_hash")) {
			t.Errorf("%s still holds pin_hash", filepath.Base(f))
		}
		if strings.HasPrefix(filepath.Base(f), "hub.db") {
			continue
		}
		for _, h := range hashes {
			if bytes.Contains(b, h[1]) {
				t.Errorf("%s holds a PIN hash", filepath.Base(f))
			}
		}
	}
}

func checkFixture(t *testing.T, who string, st *queue.State, want fixtureWant) {
	t.Helper()
	if st.Seq != want.Seq {
		t.Errorf("%s: seq %d, want %d", who, st.Seq, want.Seq)
	}
	if len(st.Tickets) != len(want.Tickets) {
		t.Errorf("%s: %d tickets, want %d", who, len(st.Tickets), len(want.Tickets))
	}
	for id, w := range want.Tickets {
		if got := st.Tickets[id]; got == nil || !sameJSON(got, w) {
			t.Errorf("%s: ticket %s: got %+v, want %+v", who, w.Number, got, w)
		}
	}
	if !slices.Equal(st.Leases, want.Leases) {
		t.Errorf("%s: leases %v, want %v", who, st.Leases, want.Leases)
	}
	for prefix, free := range want.Free {
		if got := st.FreeNumbers("kiosk-1", want.Day, prefix); !slices.Equal(got, free) {
			t.Errorf("%s: kiosk-1's free %s numbers %v, want %v", who, prefix, got, free)
		}
	}
}

// sameJSON reports whether a and b encode alike (times compare by instant
// and zone offset, not by location pointer).
func sameJSON(a, b any) bool {
	ja, erra := json.Marshal(a)
	jb, errb := json.Marshal(b)
	return erra == nil && errb == nil && string(ja) == string(jb)
}
