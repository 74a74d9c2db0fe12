package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// childEnv names the variable that makes the test binary run a hub, as a
// process of its own that a test can kill.
const childEnv = "ACCUEIL_TEST_HUB_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		cfg, err := ParseFlags(strings.Fields(args))
		if err == nil {
			err = RunReady(context.Background(), cfg, func(httpAddr, broker string) { fmt.Println("READY", httpAddr) })
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// hubChild is the hub in a child process.
type hubChild struct {
	t    testing.TB
	args string
	cmd  *exec.Cmd
	http string
}

func (h *hubChild) start() {
	h.t.Helper()
	h.cmd = exec.Command(os.Args[0], "-test.run=^$")
	h.cmd.Env = append(os.Environ(), childEnv+"="+h.args)
	out, err := h.cmd.StdoutPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if addr, ok := strings.CutPrefix(sc.Text(), "READY "); ok {
				ready <- addr
			}
		}
	}()
	select {
	case h.http = <-ready:
	case <-time.After(time.Minute):
		h.t.Fatal("the hub process did not start")
	}
}

// kill stops the hub as a power cut would: SIGKILL, nothing flushed.
func (h *hubChild) kill() {
	if h.cmd != nil && h.cmd.ProcessState == nil {
		h.cmd.Process.Kill()
		h.cmd.Wait()
	}
}

// TestKilledHub kills the hub process (SIGKILL) while a kiosk issues
// tickets, issues more while it is gone, and starts it again on the same
// database: every ticket reaches it, once.
func TestKilledHub(t *testing.T) {
	mqtt := synctest.FreeAddr(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	synctest.Enrol(t, db)
	h := &hubChild{t: t, args: fmt.Sprintf("--store s1 --db %s --mqtt %s --http 127.0.0.1:0", db, mqtt)}
	h.start()
	t.Cleanup(h.kill)
	kiosk := synctest.StartDevice(t, "kiosk-1", "tcp://"+mqtt)
	kiosk.Ready()

	ctx := context.Background()
	reasons := []string{"purchase", "sim", "expert", "other"}
	issue := func(n int) {
		for i := range n {
			if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: reasons[i%len(reasons)]}, false); err != nil {
				t.Fatalf("ticket %d: %v", i, err)
			}
		}
	}
	issue(20)
	h.kill() // some of the 20 may still be on their way
	synctest.WaitFor(t, "the kiosk to see the hub gone", func() bool { return !kiosk.Online() })
	issue(20)
	h.start()
	synctest.WaitFor(t, "the kiosk's outbox sent", func() bool { return kiosk.Pending() == 0 })

	var q struct {
		Waiting []struct{ Number string } `json:"waiting"`
	}
	getJSON(t, "http://"+h.http+"/api/queue", &q)
	numbers := map[string]bool{}
	for _, w := range q.Waiting {
		if numbers[w.Number] {
			t.Errorf("%s twice", w.Number)
		}
		numbers[w.Number] = true
	}
	if len(numbers) != 40 {
		t.Errorf("the hub has %d tickets waiting, want 40", len(numbers))
	}
}
