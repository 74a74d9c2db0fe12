package mqttsync

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"accueil/internal/queue"
)

// Issue issues a ticket on this device: a new id and token, the next
// number of the block the hub leased to the device for today, then Submit.
// With checkIn, b.Appointment names the appointment or web order checked
// in, and its reason is the ticket's. It works offline while the leased
// numbers last (ELIMIT when none is left).
func (c *Client) Issue(ctx context.Context, b queue.IssueBody, checkIn bool) (queue.Ticket, error) {
	t, free, err := c.issue(ctx, b, checkIn)
	if err == nil {
		c.wake()
		c.changed()
	}
	if free <= c.View().Config.LeaseSize/2 {
		go c.ensureLeases()
	}
	return t, err
}

// issue is Issue under c.mu, so two issues never take the same number. It
// also returns how many numbers are left.
func (c *Client) issue(ctx context.Context, b queue.IssueBody, checkIn bool) (queue.Ticket, int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	is, err := c.view.PrepareIssue(c.cfg.Device, b, checkIn, c.cfg.Now())
	if err != nil {
		return queue.Ticket{}, 0, err
	}
	is.Body.Ticket, is.Body.Token = newID(), newToken()
	if _, err := c.submitLocked(ctx, is.Type, is.Body); err != nil {
		return queue.Ticket{}, is.Left + 1, err
	}
	return *c.view.Tickets[is.Body.Ticket], is.Left, nil
}

// ensureLeases asks the hub for a new block of numbers for each prefix
// that runs short (queue.State.LeasesWanted), until none does. One runs at
// a time; it is started after each connection, log advance and issue.
func (c *Client) ensureLeases() {
	if !c.Online() || !c.leasing.CompareAndSwap(false, true) {
		return
	}
	defer c.leasing.Store(false)
	for {
		day, prefixes := c.View().LeasesWanted(c.cfg.Device, c.cfg.Now())
		if len(prefixes) == 0 {
			return
		}
		for _, p := range prefixes {
			_, err := c.Request(context.Background(), queue.LeaseRequest, queue.LeaseRequestBody{Prefix: p, Day: day})
			if err != nil {
				c.cfg.Log.Warn("lease numbers", "prefix", p, "err", err)
				return
			}
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
