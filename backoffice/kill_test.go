package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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

// stopped reports whether every thread of process pid is stopped (state
// T in /proc).
func stopped(pid int) bool {
	stats, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", pid))
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			return false
		}
		// pid (comm) state ...: the state follows the last ')'.
		if i := bytes.LastIndexByte(b, ')'); i < 0 || i+2 >= len(b) || b[i+2] != 'T' {
			return false
		}
	}
	return len(stats) > 0
}

// TestStoppedHub freezes the hub's process (SIGSTOP: the hub and its
// broker hang) while a tablet asks three times to call the next visitor,
// then lets it go on (SIGCONT): the requests it could not answer in time
// are not carried out late, so the desk never has two visitors called.
func TestStoppedHub(t *testing.T) {
	mqtt := synctest.FreeAddr(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	synctest.Enrol(t, db)
	h := &hubChild{t: t, args: fmt.Sprintf("--store s1 --db %s --mqtt %s --http 127.0.0.1:0", db, mqtt)}
	h.start()
	t.Cleanup(h.kill)
	kiosk, desk := synctest.StartDevice(t, "kiosk-1", "tcp://"+mqtt), synctest.StartDevice(t, "counter-1", "tcp://"+mqtt)
	kiosk.Ready()
	desk.Synced()
	ctx := context.Background()
	for range 5 {
		if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "purchase"}, false); err != nil {
			t.Fatal(err)
		}
	}
	synctest.WaitFor(t, "the tickets on the hub", func() bool { return kiosk.Pending() == 0 })
	if _, err := desk.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: synctest.PIN}); err != nil {
		t.Fatal(err)
	}

	if err := h.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	// A loaded machine takes a while to stop every thread of a process.
	synctest.WaitFor(t, "the hub's process stopped", func() bool { return stopped(h.cmd.Process.Pid) })
	for i := range 3 {
		if _, err := desk.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err == nil {
			t.Errorf("call next %d answered while the hub is frozen", i+1)
		}
	}
	if err := h.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "the tablet back with the hub", func() bool { return desk.Online() && desk.Pending() == 0 })
	// Nobody was called late: the desk is free for the next call.
	if _, err := desk.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err != nil {
		t.Fatalf("call next after the hang: %v (a request given up was carried out late)", err)
	}
	var q struct {
		Called []struct {
			Number  string `json:"number"`
			Counter string `json:"counter"`
		} `json:"called"`
	}
	getJSON(t, "http://"+h.http+"/api/queue", &q)
	if len(q.Called) != 1 {
		t.Errorf("%d visitors called after the hang (%+v), want one", len(q.Called), q.Called)
	}
}
