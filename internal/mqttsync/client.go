package mqttsync

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// ClientConfig configures a device's Client.
type ClientConfig struct {
	Store  string      // store id, in the topics
	Device string      // this device's enrolled id, its broker username
	Secret string      // its broker password (see accueil/internal/enrol)
	TLS    *tls.Config // towards a broker at tls://, pinned to the hub's certificate
	Broker string      // "tcp://127.0.0.1:1883"
	DB     *store.DB   // this device's replica and outbox
	Now    func() time.Time
	Log    *slog.Logger
}

// Client is a device's link to its store: a replica of the log, an outbox
// of what the device did, and the MQTT session that keeps both moving.
//
// The device's view is the confirmed log with its pending events laid over
// it, so what it does shows at once, online or not.
type Client struct {
	cfg     ClientConfig
	topics  Topics
	clock   *Clock
	mqtt    paho.Client
	online  atomic.Bool // connected to the broker
	hubUp   atomic.Bool // the hub's run announced online has answered on this connection
	in      chan message
	kick    chan struct{} // wakes the sender
	cancel  context.CancelFunc
	closing <-chan struct{} // done when Close starts
	leasing atomic.Bool     // ensureLeases under way
	ownDB   bool            // opened by OpenDevice: closed by Close
	done    sync.WaitGroup

	mu        sync.Mutex
	confirmed *queue.State          // fold of the local log
	pending   []queue.Event         // the outbox, in the order of their numbers
	requests  []request             // waiting for an answer
	view      *queue.State          // confirmed + pending
	early     map[int64]queue.Event // log events past a gap
	syncAt    time.Time             // last sync request
	sent      map[string]time.Time  // when each pending event was last sent
	gen       int                   // connection generation
	sentGen   map[string]int        // connection each pending event was last sent on
	announced string                // the session of the hub's last "online" on this connection, "" after its "offline"
	answered  string                // the session of the hub's run that last answered a sync request on this connection
	gapFrom   int64                 // the number the last resend asked by a gap started from
	gapAt     time.Time
	waiters   map[string]chan Ack
	parts     []SnapshotPart // of a snapshot being received
	diverged  bool           // a log event did not apply: waiting for the hub's state
	advanced  chan struct{}  // closed and replaced when the log advances
	listeners []func()
}

// NewClient opens a device's replica and starts syncing it in the
// background; it never waits for the broker.
func NewClient(ctx context.Context, cfg ClientConfig) (*Client, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.Log = cfg.Log.With("part", "client", "device", cfg.Device)
	c := &Client{
		cfg: cfg, topics: Topics{cfg.Store}, clock: NewClock(cfg.Now),
		in: make(chan message, 4096), kick: make(chan struct{}, 1),
		early: map[int64]queue.Event{}, sent: map[string]time.Time{}, sentGen: map[string]int{},
		waiters: map[string]chan Ack{}, advanced: make(chan struct{}),
	}
	// A replica upgraded from a log that carried PIN hashes kept them
	// apart, as the hub does: a device has no use for them.
	if err := cfg.DB.DropPINs(ctx); err != nil {
		return nil, err
	}
	var err error
	if c.confirmed, err = cfg.DB.LoadState(ctx); err != nil {
		return nil, err
	}
	if c.pending, err = cfg.DB.Outbox(ctx); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(c.pending, func(e queue.Event) bool { return e.N == 0 }) {
		// Made before events were numbered: number them after the last.
		numbers, err := cfg.DB.Numbering(ctx)
		if err != nil {
			return nil, err
		}
		if c.pending, err = cfg.DB.RenumberOutbox(ctx, cfg.Device, numbers[cfg.Device]+1); err != nil {
			return nil, err
		}
	}
	clocks, err := cfg.DB.DeviceClocks(ctx)
	if err != nil {
		return nil, err
	}
	c.clock.Observe(clocks[cfg.Device])
	for _, e := range c.pending {
		c.clock.Observe(e.HLC)
	}
	c.rebuildView()

	ctx, c.cancel = context.WithCancel(context.Background())
	c.closing = ctx.Done()
	c.mqtt = newMQTT(cfg.Broker, cfg.Device, cfg.Secret, cfg.TLS, true, "", nil, c.onConnect, c.onLost)
	c.mqtt.Connect()
	c.done.Add(3)
	go c.receive(ctx)
	go c.send(ctx)
	go func() {
		defer c.done.Done()
		keepErasing(ctx, cfg.DB, func() (queue.Config, error) { return c.View().Config, nil }, c.cfg.Now, cfg.Log)
	}()
	return c, nil
}

// OpenDevice opens the device's replica at path, creating its folder, and
// starts its client (see NewClient). Close closes the replica too.
func OpenDevice(ctx context.Context, path string, cfg ClientConfig) (*Client, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	cfg.DB = db
	c, err := NewClient(ctx, cfg)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("device %s: %w", cfg.Device, err)
	}
	c.ownDB = true
	return c, nil
}

// Device returns the device's enrolled id.
func (c *Client) Device() string { return c.cfg.Device }

// DB returns the device's replica.
func (c *Client) DB() *store.DB { return c.cfg.DB }

// Close stops syncing; the outbox keeps what was not acknowledged.
func (c *Client) Close() {
	c.cancel()
	c.mqtt.Disconnect(100)
	c.done.Wait()
	if c.ownDB {
		c.cfg.DB.Close()
	}
}

// Online reports whether the device can reach the hub: connected to the
// broker, and the hub present there.
func (c *Client) Online() bool { return c.online.Load() && c.hubUp.Load() }

// Connected reports whether the device is connected to the broker, the hub
// there or not.
func (c *Client) Connected() bool { return c.online.Load() }

// View returns the device's view of the store. A view is published once
// per change and never changed afterwards (a change makes a new one), so
// screens read it without copying it; they must not change it.
func (c *Client) View() *queue.State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.view
}

// Pending returns how many events wait for the hub's acknowledgement.
func (c *Client) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}

// Seq returns the sequence of the last log event applied.
func (c *Client) Seq() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.confirmed.Seq
}

// OnChange registers fn, called after the view changes, off the caller's
// goroutine (UI code hands over with fyne.Do).
func (c *Client) OnChange(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listeners = append(c.listeners, fn)
}

func (c *Client) changed() {
	c.mu.Lock()
	fns := slices.Clone(c.listeners)
	c.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// rebuildView lays the pending events over the confirmed state. The caller
// holds c.mu.
func (c *Client) rebuildView() {
	c.view = c.confirmed.Clone()
	for _, e := range c.pending {
		if err := c.view.Apply(e); err != nil {
			c.cfg.Log.Warn("a pending event no longer applies", "id", e.ID, "type", e.Type, "err", err)
		}
	}
}

func (c *Client) onConnect(m paho.Client) {
	handler := func(_ paho.Client, msg paho.Message) {
		select { // never block paho once the client is closing: it could not disconnect
		case c.in <- message{topic: msg.Topic(), payload: msg.Payload()}:
		case <-c.closing:
		}
	}
	c.mu.Lock()
	c.gen++
	c.syncAt = time.Time{}
	c.announced, c.answered = "", "" // the hub is unknown on a new connection
	c.mu.Unlock()
	c.hubUp.Store(false)
	c.online.Store(true)
	m.SubscribeMultiple(map[string]byte{
		c.topics.Log(): 1, c.topics.Ack(c.cfg.Device): 1, c.topics.Page(c.cfg.Device): 1, c.topics.Hub(): 1,
	}, handler).WaitTimeout(3 * time.Second)
	c.requestSync() // its answer tells which run of the hub is there
	c.cfg.Log.Info("connected", "broker", c.cfg.Broker)
	c.changed()
}

func (c *Client) onLost() {
	c.online.Store(false)
	c.hubUp.Store(false)
	c.cfg.Log.Warn("connection lost")
	c.changed()
}

// presence updates whether the hub is up: the run it announced online has
// answered on this connection. When it comes up, the device sends again
// everything that waits, catches up and tops up its numbers at once.
func (c *Client) presence() {
	c.mu.Lock()
	up := c.announced != "" && c.announced == c.answered && c.online.Load()
	if up && !c.hubUp.Load() {
		c.gen++ // what was sent before reached a hub gone since, or nobody
	}
	confirm := c.announced != "" && !up
	c.mu.Unlock()
	if was := c.hubUp.Swap(up); up != was {
		c.cfg.Log.Info("the hub", "up", up)
		if up {
			c.wake()
			go c.ensureLeases()
		}
		c.changed()
	}
	if confirm {
		c.requestSync()
	}
}

func (c *Client) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// requestSync asks the hub for the log after what the device has.
func (c *Client) requestSync() {
	c.mu.Lock()
	r := SyncRequest{From: c.confirmed.Seq + 1, Snapshot: c.diverged}
	c.syncAt = c.cfg.Now()
	c.mu.Unlock()
	payload, _ := json.Marshal(r)
	publish(c.mqtt, c.topics.Sync(c.cfg.Device), false, payload)
}

// receive applies what the hub sends, draining what has arrived into one
// transaction.
func (c *Client) receive(ctx context.Context) {
	defer c.done.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		var batch []message
		select {
		case <-ctx.Done():
			return
		case m := <-c.in:
			batch = append(batch, m)
		drain:
			for len(batch) < maxBatch {
				select {
				case m := <-c.in:
					batch = append(batch, m)
				default:
					break drain
				}
			}
		case <-tick.C:
			c.checkGap()
			continue
		}
		c.handle(ctx, batch)
	}
}

func (c *Client) handle(ctx context.Context, batch []message) {
	var events []queue.Event
	var more bool     // a full page: ask for the next
	var restored bool // from a snapshot
	for _, m := range batch {
		switch m.topic {
		case c.topics.Log():
			var env Envelope
			if err := json.Unmarshal(m.payload, &env); err != nil || env.V != Version || env.Seq < 1 {
				c.cfg.Log.Warn("ignored a bad log message", "bytes", len(m.payload))
				continue
			}
			events = append(events, env.Event)
		case c.topics.Page(c.cfg.Device):
			var p Page
			if err := json.Unmarshal(m.payload, &p); err != nil {
				c.cfg.Log.Warn("ignored a bad page", "bytes", len(m.payload))
				continue
			}
			if p.Refused != "" {
				c.cfg.Log.Error("the hub refused the sync request", "code", p.Refused)
				continue
			}
			if p.Snapshot != nil && c.snapshotPart(ctx, *p.Snapshot) {
				restored, more = true, true
			}
			events = append(events, p.Events...)
			more = more || (len(p.Events) > 0 && p.Events[len(p.Events)-1].Seq < p.Last)
			c.mu.Lock()
			c.syncAt = time.Time{}
			c.answered = p.Hub
			c.mu.Unlock()
			c.presence()
		case c.topics.Hub():
			var p Presence
			if err := json.Unmarshal(m.payload, &p); err != nil {
				c.cfg.Log.Warn("ignored a bad presence", "bytes", len(m.payload))
				continue
			}
			c.mu.Lock()
			switch {
			case p.State == hubOnline:
				c.announced = p.Session
			case p.Session == c.announced:
				c.announced = ""
			}
			c.mu.Unlock()
			c.presence()
		case c.topics.Ack(c.cfg.Device):
			var a Ack
			if err := json.Unmarshal(m.payload, &a); err != nil {
				c.cfg.Log.Warn("ignored a bad ack", "bytes", len(m.payload))
				continue
			}
			c.ack(ctx, a)
		}
	}
	if c.apply(ctx, events) || restored {
		if restored || slices.ContainsFunc(events, func(e queue.Event) bool { return e.Type == queue.ConfigChanged || e.Type == queue.LeaseGranted }) {
			go c.ensureLeases()
		}
		c.changed()
	}
	if more {
		c.requestSync()
	}
}

// maxEarly bounds how far past the local log events are kept, waiting for
// a gap to fill; those beyond come again with the catch-up.
const maxEarly = 10000

// apply appends the log events that follow the local log, keeping those
// past a gap for later. A log event that does not apply to the replica is
// never stored: the replica differs from the hub's state, so it keeps
// nothing past it and is restored from the hub's state (see diverge). It
// reports whether the log advanced.
func (c *Client) apply(ctx context.Context, events []queue.Event) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.diverged {
		return false // until the hub's state comes
	}
	for _, e := range events {
		if e.Seq > c.confirmed.Seq && e.Seq <= c.confirmed.Seq+maxEarly {
			c.early[e.Seq] = e
		}
	}
	next := c.confirmed.Clone()
	var run []queue.Event
	for {
		e, ok := c.early[next.Seq+1]
		if !ok {
			break
		}
		delete(c.early, e.Seq)
		if err := next.Apply(e); err != nil {
			c.diverge(e, err)
			break
		}
		next.Seq = e.Seq
		c.clock.Observe(e.HLC)
		run = append(run, e)
	}
	if len(run) == 0 {
		return false
	}
	if err := c.cfg.DB.Append(ctx, next, run...); err != nil {
		if ctx.Err() == nil {
			c.cfg.Log.Error("write the log", "events", len(run), "err", err, "disk_full", store.IsFull(err))
		}
		for _, e := range run {
			c.early[e.Seq] = e // tried again after the next sync (checkGap)
		}
		return false
	}
	c.confirmed = next
	ids := map[string]bool{}
	for _, e := range run {
		ids[e.ID] = true
	}
	c.pending = slices.DeleteFunc(c.pending, func(e queue.Event) bool { return ids[e.ID] })
	c.forget(ids)
	c.rebuildView()
	close(c.advanced)
	c.advanced = make(chan struct{})
	return true
}

// diverge handles log event e that does not apply to the replica: nothing
// from e on is kept, the hub's state is asked for (the sync requests ask
// for it until it comes), and the back office is alerted. The caller
// holds c.mu.
func (c *Client) diverge(e queue.Event, err error) {
	c.cfg.Log.Error("a log event does not apply to the replica: restoring it from the hub's state", "seq", e.Seq, "type", e.Type, "err", err)
	c.diverged = true
	clear(c.early)
	c.syncAt = time.Time{}
	go func() {
		c.requestSync()
		alert := queue.AlertBody{Kind: "replica", Status: "diverged", Message: fmt.Sprintf("event %d (%s) did not apply: %v", e.Seq, e.Type, err)}
		if _, err := c.Submit(context.Background(), queue.DeviceAlert, alert); err != nil {
			c.cfg.Log.Error("alert the back office", "err", err)
		}
	}()
}

// forget drops what the sender knows of the envelopes with ids, answered
// for good. The caller holds c.mu.
func (c *Client) forget(ids map[string]bool) {
	for id := range ids {
		delete(c.sent, id)
		delete(c.sentGen, id)
	}
}

// checkGap asks for a sync when events past a gap wait, or the hub
// announced online has not answered yet, and no sync was asked for
// recently.
func (c *Client) checkGap() {
	c.mu.Lock()
	quiet := c.cfg.Now().Sub(c.syncAt) > time.Second
	stuck := quiet && (len(c.early) > 0 || c.diverged) && c.hubUp.Load()
	unconfirmed := quiet && c.announced != "" && !c.hubUp.Load() && c.online.Load()
	c.mu.Unlock()
	if stuck || unconfirmed {
		c.requestSync()
	}
}

// ack handles the hub's answer to one of the device's envelopes.
func (c *Client) ack(ctx context.Context, a Ack) {
	switch a.Code {
	case CodeGap:
		c.resendFrom(ctx, a.Expect)
		return
	case CodeRenumber:
		c.renumber(ctx, a.ID, a.Expect)
		return
	}
	c.mu.Lock()
	w := c.waiters[a.ID]
	delete(c.waiters, a.ID)
	i := slices.IndexFunc(c.pending, func(e queue.Event) bool { return e.ID == a.ID })
	c.mu.Unlock()
	if w != nil {
		w <- a
	}
	if i < 0 {
		return
	}
	switch {
	case a.OK && a.Seq > c.Seq():
		// The log event brings the change in; make sure it comes.
		c.requestSync()
	case a.OK:
		// Already in the log: the replica started from a snapshot past it.
		c.drop(ctx, a.ID)
	case a.Retry():
		// Sent again by the sender.
	default:
		c.cfg.Log.Warn("the hub refused an event", "id", a.ID, "code", a.Code, "why", a.Message)
		c.drop(ctx, a.ID)
	}
}

// drop removes a pending event from the outbox and the view.
func (c *Client) drop(ctx context.Context, id string) {
	if err := c.cfg.DB.DeleteOutbox(ctx, id); err != nil {
		c.cfg.Log.Error("drop a pending event", "id", id, "err", err)
		return
	}
	c.mu.Lock()
	c.pending = slices.DeleteFunc(c.pending, func(e queue.Event) bool { return e.ID == id })
	c.forget(map[string]bool{id: true})
	c.rebuildView()
	c.mu.Unlock()
	c.changed()
}

// resendFrom sends again, in order, the pending events from number n on,
// and the requests after them: the hub is missing n.
func (c *Client) resendFrom(ctx context.Context, n int64) {
	c.mu.Lock()
	now := c.cfg.Now()
	if n == c.gapFrom && now.Sub(c.gapAt) < resendAfter {
		c.mu.Unlock()
		return // the other gaps answer copies sent before; the resent ones are on their way
	}
	c.gapFrom, c.gapAt = n, now
	if len(c.pending) > 0 && n < c.pending[0].N {
		// The hub misses numbers this device has no event for.
		c.mu.Unlock()
		c.renumber(ctx, c.pending[0].ID, n)
		return
	}
	for _, e := range c.pending {
		if e.N >= n {
			delete(c.sentGen, e.ID)
		}
	}
	for _, r := range c.requests {
		delete(c.sentGen, r.ID)
	}
	c.mu.Unlock()
	c.wake()
}

// renumber numbers the outbox again from n, unless the event with id was
// already numbered so: the hub has taken the numbers below n for events
// this device no longer has.
func (c *Client) renumber(ctx context.Context, id string, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := slices.IndexFunc(c.pending, func(e queue.Event) bool { return e.ID == id })
	if i < 0 || c.pending[i].N >= n {
		return
	}
	pending, err := c.cfg.DB.RenumberOutbox(ctx, c.cfg.Device, n)
	if err != nil {
		c.cfg.Log.Error("number the outbox again", "from", n, "err", err)
		return
	}
	c.cfg.Log.Warn("numbered the outbox again", "from", n, "events", len(pending))
	c.pending = pending
	clear(c.sentGen)
	c.wake()
}

// resendAfter is how long the sender waits for an ack before sending an
// event again on the same connection.
const resendAfter = 2 * time.Second

// request is a request waiting for the hub's answer (see Envelope).
type request struct {
	queue.Event
	after    int64
	deadline time.Time
}

// send publishes the outbox in the order of its numbers, then the requests:
// on each connection everything from the oldest, then new ones as they
// come, and again what stays without an answer. It is the only publisher
// of envelopes.
func (c *Client) send(ctx context.Context) {
	defer c.done.Done()
	tick := time.NewTicker(resendAfter / 4)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
		case <-tick.C:
		}
		if !c.Online() {
			continue
		}
		now := c.cfg.Now()
		c.mu.Lock()
		var due []Envelope
		for _, e := range c.pending {
			if c.due(e.ID, now) {
				due = append(due, Envelope{V: Version, Event: e})
			}
		}
		for _, r := range c.requests {
			if c.due(r.ID, now) {
				due = append(due, Envelope{V: Version, After: r.after, Deadline: r.deadline, Event: r.Event})
			}
		}
		c.mu.Unlock()
		for _, env := range due {
			payload, _ := json.Marshal(env)
			publish(c.mqtt, c.topics.Cmd(c.cfg.Device), false, payload)
		}
	}
}

// due reports whether the envelope with id is to be sent now, and if so
// marks it sent. The caller holds c.mu.
func (c *Client) due(id string, now time.Time) bool {
	if c.sentGen[id] == c.gen && now.Sub(c.sent[id]) <= resendAfter {
		return false
	}
	c.sent[id], c.sentGen[id] = now, c.gen
	return true
}

// Submit makes an event of the device: applied to the view at once (an
// event that does not apply is refused with its *queue.Error), kept in the
// outbox, and sent to the hub until it answers. It works offline.
func (c *Client) Submit(ctx context.Context, typ string, body any) (queue.Event, error) {
	c.mu.Lock()
	e, err := c.submitLocked(ctx, typ, body)
	c.mu.Unlock()
	if err == nil {
		c.wake()
		c.changed()
	}
	return e, err
}

// submitLocked is Submit with c.mu held.
func (c *Client) submitLocked(ctx context.Context, typ string, body any) (queue.Event, error) {
	e, err := queue.NewEvent(newID(), c.cfg.Device, typ, c.cfg.Now(), body)
	if err != nil {
		return e, err
	}
	e.HLC = c.clock.Now()
	if err := c.view.Admit(e, e.At); err != nil {
		return e, err
	}
	next := c.view.Clone() // the published view stays as it is
	if err := next.Apply(e); err != nil {
		return e, err
	}
	if e, err = c.cfg.DB.AddOutbox(ctx, e); err != nil {
		if store.IsFull(err) {
			return e, queue.Errorf(queue.EINTERNAL, "this device's disk is full")
		}
		return e, queue.Errorf(queue.EINTERNAL, "%v", err)
	}
	c.pending = append(c.pending, e)
	c.view = next
	return e, nil
}

// requestTimeout is how long Request waits for the hub; the hub does not
// carry out a request after it (see Envelope.Deadline).
const requestTimeout = 5 * time.Second

// answerGrace is how long Request waits past the deadline for an answer
// the hub sent in time.
const answerGrace = time.Second

// Request asks the hub to decide (call next, lease numbers, log in) and
// waits for the answer and for the resulting event to reach the local log.
// It fails with EOFFLINE when the hub cannot be reached: such decisions are
// never taken on a device; and with EEXPIRED when the hub did not answer
// in time, which means it never will carry the request out.
func (c *Client) Request(ctx context.Context, typ string, body any) (Ack, error) {
	if !c.Online() {
		return Ack{}, queue.Errorf(queue.EOFFLINE, "the hub cannot be reached")
	}
	e, err := queue.NewEvent(newID(), c.cfg.Device, typ, c.cfg.Now(), body)
	if err != nil {
		return Ack{}, err
	}
	answer := make(chan Ack, 1)
	c.mu.Lock()
	e.HLC = c.clock.Now()
	r := request{Event: e, deadline: e.At.Add(requestTimeout)}
	if len(c.pending) > 0 {
		r.after = c.pending[len(c.pending)-1].N
	}
	c.waiters[e.ID] = answer
	c.requests = append(c.requests, r)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.waiters, e.ID)
		c.requests = slices.DeleteFunc(c.requests, func(r request) bool { return r.ID == e.ID })
		c.forget(map[string]bool{e.ID: true})
		c.mu.Unlock()
	}()
	c.wake() // the sender sends it, and again while unanswered: the hub answers a copy with its first answer
	ctx, cancel := context.WithDeadline(ctx, r.deadline.Add(answerGrace))
	defer cancel()
	var a Ack
	select {
	case a = <-answer:
	case <-ctx.Done():
		return Ack{}, queue.Errorf(queue.EEXPIRED, "the hub did not answer in time; it will not carry the request out")
	}
	if a.Code == CodeRetry {
		return a, queue.Errorf(queue.EOFFLINE, "the hub could not take the request: %s", a.Message)
	}
	if !a.OK {
		if a.Code == CodeUnknownDevice || a.Code == CodeForbidden || a.Code == CodeMalformed {
			return a, queue.Errorf(queue.EFORBIDDEN, "%s", a.Message)
		}
		return a, &queue.Error{Code: a.Code, Message: a.Message}
	}
	return a, c.waitSeq(ctx, a.Seq)
}

// waitSeq waits until the local log holds seq.
func (c *Client) waitSeq(ctx context.Context, seq int64) error {
	for {
		c.mu.Lock()
		have, advanced := c.confirmed.Seq, c.advanced
		c.mu.Unlock()
		if have >= seq {
			return nil
		}
		select {
		case <-advanced:
		case <-time.After(time.Second):
			c.requestSync()
		case <-ctx.Done():
			return queue.Errorf(queue.EOFFLINE, "the hub's answer did not arrive")
		}
	}
}

// newToken returns the secret of a ticket's mobile status page: 128 random
// bits, made on the device so a ticket issued offline has one too.
func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
