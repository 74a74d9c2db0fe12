package mqttsync

// The replica: the hub's log comes in, in order, applied to the device's
// database and view; a gap or a divergence asks the hub again.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// showsPersonal reports whether device, in the store configured in st,
// shows visitors' personal data: a counter does (the customer's history,
// notes); a kiosk or a display does not, and keeps none of it.
func showsPersonal(st *queue.State, device string) bool {
	d := st.Config.Device(device)
	return d != nil && d.Kind == queue.DeviceCounter
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
		case c.logTopic():
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
			if p.Refused == CodeBusy {
				c.mu.Lock()
				c.syncAt, c.syncAgain = c.cfg.Now(), true // checkGap asks again a second later
				c.mu.Unlock()
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
		case c.topics.State("queue"):
			// The hub's summary says how far its log goes: a device that
			// lost the last events, with nothing after them to show the
			// gap, learns it is behind (see checkGap).
			var s struct {
				Seq int64 `json:"seq"`
			}
			if json.Unmarshal(m.payload, &s) == nil {
				c.mu.Lock()
				c.hubSeq = max(c.hubSeq, s.Seq)
				c.mu.Unlock()
			}
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
		if !showsPersonal(next, c.cfg.Device) {
			e.Body, _ = queue.WithoutPersonal(e.Type, e.Body)
		}
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

// checkGap asks for a sync when events past a gap wait, the hub announced
// online has not answered yet, the hub's summary is past the replica, or
// the last request was answered busy, and no sync was asked for recently.
func (c *Client) checkGap() {
	c.mu.Lock()
	quiet := c.cfg.Now().Sub(c.syncAt) > time.Second
	stuck := quiet && (len(c.early) > 0 || c.diverged) && c.hubUp.Load()
	unconfirmed := quiet && c.announced != "" && !c.hubUp.Load() && c.online.Load()
	again := quiet && (c.syncAgain || (c.hubSeq > c.confirmed.Seq && c.hubUp.Load()))
	if again {
		c.syncAgain = false
	}
	c.mu.Unlock()
	if stuck || unconfirmed || again {
		c.requestSync()
	}
}
