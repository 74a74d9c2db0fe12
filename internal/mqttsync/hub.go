package mqttsync

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// HubConfig configures a Hub.
type HubConfig struct {
	Store  string        // store id, in the topics
	Broker string        // "tcp://127.0.0.1:1883"
	Secret string        // the hub's broker password, as user queue.DeviceHub
	TLS    *tls.Config   // towards a broker at tls://
	DB     *store.DB     // the authoritative log
	Config *queue.Config // configuration for a new store; DefaultConfig when nil
	// Revoked, when set, reports a device whose credential is revoked: its
	// envelopes are refused even if a broker (an external one not yet
	// reloaded) still lets it in.
	Revoked func(ctx context.Context, device string) bool
	Now     func() time.Time
	Log     *slog.Logger
}

// Stats counts what the hub did, for /healthz and the back office.
type Stats struct {
	Applied  atomic.Int64 // events written to the log
	Batches  atomic.Int64 // transactions
	Dupes    atomic.Int64 // duplicates answered
	Rejected atomic.Int64 // envelopes refused
	Connects atomic.Int64 // connections to the broker (one, unless something cut it)
}

// Hub is a store's authority: it sequences every device's events.
type Hub struct {
	cfg     HubConfig
	topics  Topics
	mqtt    paho.Client
	clock   *Clock
	work    chan any      // message, submission or read, handled by run alone
	stopped chan struct{} // closed when Run returns: nobody takes work any more
	online  atomic.Bool
	session string // this run's, in its Presence
	Stats   Stats

	// Owned by run.
	st         *queue.State
	numbers    map[string]int64         // by device, the last number taken
	heard      map[string]time.Time     // by device, when the hub last took one of its events or served it
	syncLimits map[string]*rate.Limiter // by device, its sync requests
	logins     logins
}

// submission is an event the hub makes itself (from the back office).
type submission struct {
	typ   string
	body  any
	reply chan submitted
}

type submitted struct {
	e   queue.Event
	err error
}

// read runs fn on the hub's state, in the hub's goroutine.
type read struct {
	fn   func(*queue.State)
	done chan struct{}
}

// maxBatch is how many envelopes go into one transaction at most.
const maxBatch = 256

// NewHub loads the log and returns a hub; Run starts it.
func NewHub(ctx context.Context, cfg HubConfig) (*Hub, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.Log = cfg.Log.With("part", "hub")
	h := &Hub{cfg: cfg, topics: Topics{cfg.Store}, clock: NewClock(cfg.Now), work: make(chan any, 4096), stopped: make(chan struct{}),
		heard: map[string]time.Time{}, syncLimits: map[string]*rate.Limiter{}, logins: newLogins()}
	if err := h.load(ctx); err != nil {
		return nil, err
	}
	return h, nil
}

// load folds the log into the hub's state.
func (h *Hub) load(ctx context.Context) error {
	st, err := h.cfg.DB.LoadState(ctx)
	if err != nil {
		return err
	}
	clocks, err := h.cfg.DB.DeviceClocks(ctx)
	if err != nil {
		return err
	}
	numbers, err := h.cfg.DB.Numbering(ctx)
	if err != nil {
		return err
	}
	h.st, h.numbers = st, numbers
	for _, c := range clocks {
		h.clock.Observe(c) // a stamp beyond the bound, logged before it was refused, is not adopted
	}
	return nil
}

// Run connects to the broker and serves until ctx ends. A new store's log
// starts with its configuration.
func (h *Hub) Run(ctx context.Context) error {
	if h.st.Seq == 0 {
		cfg := queue.DefaultConfig()
		if h.cfg.Config != nil {
			cfg = *h.cfg.Config
		}
		if err := cfg.Validate(); err != nil {
			return err
		}
		if err := h.setFirstPINs(ctx, cfg); err != nil {
			return err
		}
		go func() {
			if _, err := h.Submit(ctx, queue.ConfigChanged, cfg); err != nil && ctx.Err() == nil {
				h.cfg.Log.Error("write the first configuration", "err", err)
			}
		}()
	}
	var erasing sync.WaitGroup
	defer erasing.Wait() // last: its reads end once the hub has stopped
	erasing.Go(func() {
		keepErasing(ctx, h.cfg.DB, func() (queue.Config, error) { return h.config(ctx) }, h.cfg.Now, h.cfg.Log)
	})
	h.session = newID()
	offline := Presence{State: hubOffline, Session: h.session}.encode()
	h.mqtt = newMQTT(h.cfg.Broker, queue.DeviceHub, h.cfg.Secret, h.cfg.TLS, false, h.topics.Hub(), offline, h.onConnect, func() { h.online.Store(false) })
	h.mqtt.Connect()
	defer func() {
		h.mqtt.Publish(h.topics.Hub(), 1, true, offline).WaitTimeout(time.Second)
		h.mqtt.Disconnect(250)
	}()
	defer close(h.stopped) // first: paho's handlers stop waiting on work before the disconnect

	for {
		select {
		case <-ctx.Done():
			return nil
		case w := <-h.work:
			h.handle(ctx, w)
		}
	}
}

// Online reports whether the hub is connected to the broker.
func (h *Hub) Online() bool { return h.online.Load() }

func (h *Hub) onConnect(c paho.Client) {
	handler := func(_ paho.Client, m paho.Message) {
		select { // never block paho once the hub has stopped: it could not disconnect
		case h.work <- message{topic: m.Topic(), payload: m.Payload()}:
		case <-h.stopped:
		}
	}
	for {
		tok := c.SubscribeMultiple(map[string]byte{h.topics.Cmd("+"): 1, h.topics.Sync("+"): 1}, handler)
		if tok.WaitTimeout(10*time.Second) && tok.Error() == nil {
			break
		}
		h.cfg.Log.Error("subscribe", "err", tok.Error())
		if !c.IsConnectionOpen() {
			return // the next connection subscribes
		}
	}
	// Online only now: what devices send from here on reaches the hub. Once
	// the broker has it, its gate lets devices in (see gate).
	h.Stats.Connects.Add(1)
	c.Publish(h.topics.Hub(), 1, true, Presence{State: hubOnline, Session: h.session}.encode()).WaitTimeout(10 * time.Second)
	h.online.Store(true)
	h.cfg.Log.Info("connected to the broker", "broker", h.cfg.Broker)
}

// Submit makes, applies and logs an event of the hub's own (configuration,
// appointments booked in the back office).
func (h *Hub) Submit(ctx context.Context, typ string, body any) (queue.Event, error) {
	s := submission{typ: typ, body: body, reply: make(chan submitted, 1)}
	select {
	case h.work <- s:
	case <-ctx.Done():
		return queue.Event{}, ctx.Err()
	}
	select {
	case r := <-s.reply:
		return r.e, r.err
	case <-ctx.Done():
		return queue.Event{}, ctx.Err()
	}
}

// Read calls fn with the hub's state, which fn must not keep or change.
func (h *Hub) Read(ctx context.Context, fn func(*queue.State)) error {
	r := read{fn: fn, done: make(chan struct{})}
	select {
	case h.work <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// batch is what one transaction writes and, once committed, publishes.
type batch struct {
	events  []queue.Event
	refused []store.Refusal
	acks    map[string][]Ack // by device
	replies []func(error)    // to call once the batch is written or not
	reads   []read
	ids     map[string]bool          // of the events
	refusal map[string]store.Refusal // of the refused, by id
}

func (b *batch) ack(device string, a Ack) {
	b.acks[device] = append(b.acks[device], a)
}

// handle serves w and whatever else is already waiting, up to maxBatch, in
// one transaction.
func (h *Hub) handle(ctx context.Context, w any) {
	b := &batch{acks: map[string][]Ack{}, ids: map[string]bool{}, refusal: map[string]store.Refusal{}}
	for n := 0; ; n++ {
		switch w := w.(type) {
		case message:
			h.message(ctx, b, w)
		case pinResult:
			h.loginChecked(ctx, b, w)
		case submission:
			h.submission(b, w)
		case read:
			b.reads = append(b.reads, w) // after the commit: reads see only what is durable
		}
		if n == maxBatch {
			break
		}
		select {
		case w = <-h.work:
			continue
		default:
		}
		break
	}
	h.commit(ctx, b)
}

func (h *Hub) message(ctx context.Context, b *batch, m message) {
	dev := device(m.topic)
	if m.topic == h.topics.Sync(dev) {
		h.serveSync(ctx, dev, m.payload)
		return
	}
	env, err := Decode(m.payload, dev)
	if err == nil {
		err = h.admit(ctx, b, env, false)
	} else if env.ID == "" {
		env.ID = headID(m.payload) // too large or malformed: the device still learns which
	}
	h.refused(b, dev, env.Event, err)
}

// refused answers device dev's event e refused with err, if any.
func (h *Hub) refused(b *batch, dev string, e queue.Event, err error) {
	if err == nil {
		return
	}
	a := refusal(e.ID, err)
	if final(a.Code) && e.N > 0 && e.N == h.numbers[dev]+1 {
		// Its predecessors are all taken: the refusal is for good, and
		// takes the number.
		r := store.Refusal{ID: e.ID, Device: dev, N: e.N, Code: a.Code, Message: a.Message}
		b.refused = append(b.refused, r)
		b.refusal[e.ID] = r
		h.numbers[dev] = e.N
	}
	h.Stats.Rejected.Add(1)
	h.cfg.Log.Warn("refused", "device", dev, "id", e.ID, "n", e.N, "type", e.Type, "code", a.Code, "why", a.Message)
	b.ack(dev, a)
}

// refusal returns the ack of the event with id refused with err.
func refusal(id string, err error) Ack {
	var rej *rejectError
	var qe *queue.Error
	a := Ack{ID: id}
	switch {
	case errors.As(err, &rej):
		a.Code, a.Message, a.Expect = rej.code, rej.msg, rej.expect
	case errors.As(err, &qe):
		a.Code, a.Message = qe.Code, qe.Message
	default:
		a.Code, a.Message = CodeRetry, err.Error()
	}
	return a
}

// revoked reports whether device's credential is revoked.
func (h *Hub) revoked(ctx context.Context, device string) bool {
	return h.cfg.Revoked != nil && h.cfg.Revoked(ctx, device)
}

// final reports whether a refusal with code is for good, whatever comes
// later: the device drops the event.
func final(code string) bool {
	return !(Ack{Code: code}).Retry() && code != CodeUnknownDevice && code != CodeMalformed && code != CodeVersion && code != CodeTooLarge
}

// admit checks envelope env from a device and adds its event to the batch.
// A login's PIN is checked off the hub's goroutine (see checkLogin), then
// env comes back with pinChecked.
func (h *Hub) admit(ctx context.Context, b *batch, env Envelope, pinChecked bool) error {
	e := env.Event
	d := h.st.Config.Device(e.Device)
	if d == nil || h.revoked(ctx, e.Device) {
		return reject(CodeUnknownDevice, "device %q is not enrolled in store %s", e.Device, h.cfg.Store)
	}
	if dup, err := h.duplicate(ctx, b, e); dup || err != nil {
		return err
	}
	if err := h.inOrder(env); err != nil {
		return err
	}
	if !queue.Permitted(d.Kind, e.Type) {
		return reject(CodeForbidden, "a %s may not send %s", d.Kind, e.Type)
	}
	if now := h.cfg.Now(); !env.Deadline.IsZero() && now.After(env.Deadline) {
		return queue.Errorf(queue.EEXPIRED, "the device gave up waiting at %s, %s ago: not carried out", env.Deadline.Format(time.RFC3339), now.Sub(env.Deadline).Round(time.Millisecond))
	}
	if bound := h.clock.Bound(); e.HLC > bound {
		return reject(CodeFuture, "clock stamp %d is beyond the hub's time + %v (%d): set the device's clock", e.HLC, MaxAhead, bound)
	}
	if e.Type == queue.LoginRequest && !pinChecked {
		return h.checkLogin(env)
	}
	h.clock.Observe(e.HLC)
	e, err := h.st.Decide(h.stamp(e), h.cfg.Now())
	if err != nil {
		return err
	}
	if env.N > 0 {
		h.numbers[e.Device] = env.N
	}
	if err := h.apply(b, e); err != nil {
		return err
	}
	h.heard[e.Device] = h.cfg.Now()
	return nil
}

// MaxSkew is how far from the hub's time a device's event time may be.
const MaxSkew = 2 * time.Minute

// stamp returns e with a time the hub vouches for. A ticket keeps the
// device's time (a kiosk issues them offline), within bounds: not before
// the hub last heard from the device (today's start, when it has not since
// it started), not after the hub's time. Any other event more than MaxSkew
// from the hub's time takes the hub's.
func (h *Hub) stamp(e queue.Event) queue.Event {
	now := h.cfg.Now()
	switch {
	case e.Type == queue.TicketIssued || e.Type == queue.AppointmentCheckIn:
		floor, ok := h.heard[e.Device]
		if !ok {
			loc := h.st.Config.Location()
			y, m, d := now.In(loc).Date()
			floor = time.Date(y, m, d, 0, 0, 0, 0, loc)
		}
		if e.At.Before(floor) {
			e.At = floor
		}
		if e.At.After(now) {
			e.At = now
		}
	case e.At.Sub(now).Abs() > MaxSkew:
		e.At = now
	}
	return e
}

// inOrder checks that the hub has taken every event of the device before
// env: a numbered event must be the next, a request must come after the
// events it follows.
func (h *Hub) inOrder(env Envelope) error {
	last := h.numbers[env.Device]
	switch {
	case env.N == 0 && env.After > last, env.N > last+1:
		return &rejectError{code: CodeGap, msg: fmt.Sprintf("the next event of %s the hub takes is number %d", env.Device, last+1), expect: last + 1}
	case env.N > 0 && env.N <= last:
		return &rejectError{code: CodeRenumber, msg: fmt.Sprintf("number %d of %s is taken by another event", env.N, env.Device), expect: last + 1}
	}
	return nil
}

// duplicate answers an envelope the hub has already answered for good with
// its first answer.
func (h *Hub) duplicate(ctx context.Context, b *batch, e queue.Event) (bool, error) {
	if b.ids[e.ID] {
		h.Stats.Dupes.Add(1)
		return true, nil // the ack of the first copy, in this batch, answers it
	}
	if last, known := h.numbers[e.Device]; known && e.N > last {
		return false, nil // a number not taken yet: a new event
	}
	seq, ok, err := h.cfg.DB.EventSeq(ctx, e.ID)
	if err != nil {
		return false, err
	}
	if !ok {
		r, refused := b.refusal[e.ID]
		if !refused && e.N > 0 {
			if r, refused, err = h.cfg.DB.FindRefusal(ctx, e.ID); err != nil {
				return false, err
			}
		}
		if refused {
			h.Stats.Dupes.Add(1)
			b.ack(e.Device, Ack{ID: e.ID, Code: r.Code, Message: r.Message})
		}
		return refused, nil
	}
	h.Stats.Dupes.Add(1)
	a := Ack{ID: e.ID, OK: true, Seq: seq, Code: CodeDuplicate}
	if e.Type == queue.CallNextRequest {
		if logged, err := h.cfg.DB.Events(ctx, seq, 1); err == nil && len(logged) == 1 {
			var c queue.CallBody
			logged[0].Decode(&c)
			a.Ticket = c.Ticket
		}
	}
	b.ack(e.Device, a)
	return true, nil
}

// apply sequences e, applies it to the state and adds it to the batch.
func (h *Hub) apply(b *batch, e queue.Event) error {
	e.Seq = h.st.Seq + 1
	if err := h.st.Apply(e); err != nil {
		return err
	}
	b.events = append(b.events, e)
	b.ids[e.ID] = true
	a := Ack{ID: e.ID, OK: true, Seq: e.Seq}
	if e.Type == queue.TicketCalled {
		var c queue.CallBody
		e.Decode(&c)
		a.Ticket = c.Ticket
	}
	b.ack(e.Device, a)
	return nil
}

func (h *Hub) submission(b *batch, s submission) {
	now := h.cfg.Now()
	e, err := queue.NewEvent(newID(), queue.DeviceHub, s.typ, now, s.body)
	if err == nil {
		e.HLC = h.clock.Now()
		err = h.apply(b, e)
	}
	if err != nil {
		s.reply <- submitted{err: err}
		return
	}
	b.replies = append(b.replies, func(werr error) { s.reply <- submitted{e: e, err: werr} })
}

// commit writes the batch in one transaction, then publishes its events and
// answers. When the write fails, the state is reloaded from the log and
// every device is told to send again.
func (h *Hub) commit(ctx context.Context, b *batch) {
	err := h.cfg.DB.Record(ctx, h.st, b.refused, b.events...)
	if err != nil {
		h.cfg.Log.Error("write the log", "events", len(b.events), "err", err, "disk_full", store.IsFull(err))
		if lerr := h.load(ctx); lerr != nil {
			h.cfg.Log.Error("reload the log", "err", lerr)
		}
		for dev, acks := range b.acks {
			for i, a := range acks {
				if a.Code != CodeDuplicate && (a.OK || b.refusal[a.ID].ID != "") {
					acks[i] = Ack{ID: a.ID, Code: CodeRetry, Message: "the hub could not write its log"}
				}
			}
			b.acks[dev] = acks
		}
	} else if len(b.events) > 0 {
		h.Stats.Applied.Add(int64(len(b.events)))
		h.Stats.Batches.Add(1)
		for _, e := range b.events {
			payload, _ := Encode(e)
			publish(h.mqtt, h.topics.Log(), false, payload)
			if body, changed := queue.WithoutPersonal(e.Type, e.Body); changed {
				e.Body = body
				payload, _ = Encode(e)
			}
			publish(h.mqtt, h.topics.PublicLog(), false, payload)
		}
		h.publishSummary()
	}
	for dev, acks := range b.acks {
		if dev == queue.DeviceHub {
			continue // the hub's own events are answered by replies
		}
		for _, a := range acks {
			payload, _ := json.Marshal(a)
			publish(h.mqtt, h.topics.Ack(dev), false, payload)
		}
	}
	for _, reply := range b.replies {
		reply(err)
	}
	for _, r := range b.reads {
		r.fn(h.st)
		close(r.done)
	}
}

// A device's sync requests: syncBurst at once, then syncRate a second; more
// are answered CodeBusy, and the device asks again a second later. Each
// costs the hub a read of up to a page of its log.
const (
	syncRate  = 8
	syncBurst = 32
)

// syncLimiter returns the limiter of dev's sync requests (enrolled devices
// only, so the map stays as small as the store).
func (h *Hub) syncLimiter(dev string) *rate.Limiter {
	l := h.syncLimits[dev]
	if l == nil {
		l = rate.NewLimiter(syncRate, syncBurst)
		h.syncLimits[dev] = l
	}
	return l
}

// showsPersonal reports whether device is one that shows visitors'
// personal data (see showsPersonal); the others get none of it.
func (h *Hub) showsPersonal(device string) bool { return showsPersonal(h.st, device) }

// pageBytes bounds the events of one page, under MaxPayload.
const pageBytes = MaxPayload - 4<<10

func (h *Hub) serveSync(ctx context.Context, dev string, payload []byte) {
	var r SyncRequest
	refuse := func(code string) {
		h.Stats.Rejected.Add(1)
		if code != CodeBusy { // a flood would flood the log too
			h.cfg.Log.Warn("refused a sync request", "device", dev, "bytes", len(payload), "code", code)
		}
		out, _ := json.Marshal(Page{Last: h.st.Seq, Hub: h.session, Refused: code})
		publish(h.mqtt, h.topics.Page(dev), false, out)
	}
	switch {
	case len(payload) > MaxPayload || json.Unmarshal(payload, &r) != nil || r.From < 1:
		refuse(CodeMalformed)
		return
	case h.st.Config.Device(dev) == nil || h.revoked(ctx, dev):
		refuse(CodeUnknownDevice)
		return
	case !h.syncLimiter(dev).Allow():
		refuse(CodeBusy)
		return
	}
	h.heard[dev] = h.cfg.Now()
	switch {
	case r.Snapshot:
		h.serveState(dev)
		return
	case h.serveSnapshot(ctx, dev, r.From):
		return
	}
	events, err := h.cfg.DB.Events(ctx, r.From, 200)
	if err != nil {
		if ctx.Err() == nil {
			h.cfg.Log.Error("read the log for a sync", "device", dev, "err", err)
		}
		return
	}
	p := Page{Last: h.st.Seq, Hub: h.session}
	size, public := 0, !h.showsPersonal(dev)
	for _, e := range events {
		size += len(e.Body) + 256
		if size > pageBytes && len(p.Events) > 0 {
			break
		}
		if public {
			e.Body, _ = queue.WithoutPersonal(e.Type, e.Body)
		}
		p.Events = append(p.Events, e)
	}
	out, _ := json.Marshal(p)
	publish(h.mqtt, h.topics.Page(dev), false, out)
}

// Summary is what displays show: who is called where, and how many wait.
type Summary struct {
	Seq     int64          `json:"seq"`
	Called  []Called       `json:"called"`
	Waiting map[string]int `json:"waiting"` // by reason
}

// Called is a ticket called to a counter.
type Called struct {
	Number  string    `json:"number"`
	Counter string    `json:"counter"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
	Recalls int       `json:"recalls"`
}

// Summarize returns the summary of st.
func Summarize(st *queue.State) Summary {
	s := Summary{Seq: st.Seq, Waiting: map[string]int{}}
	for _, t := range st.Tickets {
		switch t.Status {
		case queue.Waiting:
			s.Waiting[t.Reason]++
		case queue.Called, queue.Serving:
			name := t.Counter
			if c := st.Config.Counter(t.Counter); c != nil {
				name = c.Name
			}
			s.Called = append(s.Called, Called{Number: t.Number, Counter: name, Reason: t.Reason, At: t.CalledAt, Recalls: t.Recalls})
		}
	}
	slices.SortFunc(s.Called, func(a, b Called) int { return b.At.Compare(a.At) }) // latest call first
	return s
}

func (h *Hub) publishSummary() {
	payload, err := json.Marshal(Summarize(h.st))
	if err != nil {
		return
	}
	publish(h.mqtt, h.topics.State("queue"), true, payload)
}

// newID returns a new UUIDv7 string.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// ConfigHistory returns the last n changes of the store's configuration,
// latest first.
func (h *Hub) ConfigHistory(ctx context.Context, n int) ([]queue.Event, error) {
	return h.cfg.DB.ConfigChanges(ctx, n)
}
