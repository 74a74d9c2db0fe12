package mqttsync

// Requests: what the device asks the hub to decide (call next, a lease,
// a login), answered in time or given up.

import (
	"context"
	"slices"
	"time"

	"accueil/internal/queue"
)

// request is a request waiting for the hub's answer (see Envelope).
type request struct {
	queue.Event
	after    int64
	deadline time.Time
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
