package mqttsync

// The outbox: what the device makes waits in its database, numbered, and
// is sent in order until the hub answers for good.

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// forget drops what the sender knows of the envelopes with ids, answered
// for good. The caller holds c.mu.
func (c *Client) forget(ids map[string]bool) {
	for id := range ids {
		delete(c.sent, id)
		delete(c.sentGen, id)
		delete(c.retries, id)
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
		// Sent again by the sender, later each time the hub could not
		// write it (a full disk is not fixed in a second).
		if a.Code == CodeRetry {
			c.mu.Lock()
			c.retries[a.ID]++
			c.mu.Unlock()
		}
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

// maxBackoff bounds how many times the wait before sending an event again
// doubles, after the hub answered it CodeRetry: 2 s up to 32 s.
const maxBackoff = 4

// resendAfter is how long the sender waits for an ack before sending an
// event again on the same connection.
const resendAfter = 2 * time.Second

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
	if c.sentGen[id] == c.gen && now.Sub(c.sent[id]) <= resendAfter<<min(c.retries[id], maxBackoff) {
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
