package mqttsync

import (
	"context"
	"crypto/tls"
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
	Public bool        // a kiosk or a display: it reads the public log, without visitors' personal data
	Broker string      // "tcp://127.0.0.1:1883"
	DB     *store.DB   // this device's replica and outbox
	Now    func() time.Time
	Log    *slog.Logger
}

// Client is a device's link to its store: a replica of the log, an outbox
// of what the device did, and the MQTT session that keeps both moving.
//
// The device's view is the confirmed log with its pending events laid over
// it, so what it does shows at once, online or not. Its jobs have a file
// each: the replica (replica.go), the outbox and its sender (outbox.go),
// requests (request.go); this one holds the connection and the view.
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
	retries   map[string]int        // times the hub answered each pending event CodeRetry
	announced string                // the session of the hub's last "online" on this connection, "" after its "offline"
	answered  string                // the session of the hub's run that last answered a sync request on this connection
	syncAgain bool                  // the hub answered the last sync request CodeBusy
	hubSeq    int64                 // the last sequence the hub's summary announced
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
		early: map[int64]queue.Event{}, sent: map[string]time.Time{}, sentGen: map[string]int{}, retries: map[string]int{},
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

// logTopic is the log this device reads (see ClientConfig.Public).
func (c *Client) logTopic() string {
	if c.cfg.Public {
		return c.topics.PublicLog()
	}
	return c.topics.Log()
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
		c.logTopic(): 1, c.topics.Ack(c.cfg.Device): 1, c.topics.Page(c.cfg.Device): 1, c.topics.Hub(): 1, c.topics.State("queue"): 1,
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
