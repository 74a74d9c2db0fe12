package mqttsync

import (
	"context"

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
// also returns how many numbers were free.
func (c *Client) issue(ctx context.Context, b queue.IssueBody, checkIn bool) (queue.Ticket, int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	typ := queue.TicketIssued
	if checkIn {
		typ = queue.AppointmentCheckIn
		a := c.view.Appointments[b.Appointment]
		if a == nil {
			return queue.Ticket{}, -1, queue.Errorf(queue.ENOTFOUND, "no appointment or order %q", b.Appointment)
		}
		b.Reason = a.Reason
	}
	r := c.view.Config.Reason(b.Reason)
	if r == nil {
		return queue.Ticket{}, -1, queue.Errorf(queue.EINVALID, "unknown reason %q", b.Reason)
	}
	b.Day = queue.Day(c.cfg.Now(), c.view.Config.Location())
	free := c.view.FreeNumbers(c.cfg.Device, b.Day, r.Prefix)
	if len(free) == 0 {
		return queue.Ticket{}, 0, queue.Errorf(queue.ELIMIT, "no ticket number left for %s on this device", r.Prefix)
	}
	b.Ticket, b.Number, b.Token = newID(), queue.FormatNumber(r.Prefix, free[0]), newToken()
	if _, err := c.submitLocked(ctx, typ, b); err != nil {
		return queue.Ticket{}, len(free), err
	}
	return *c.view.Tickets[b.Ticket], len(free) - 1, nil
}

// ensureLeases asks the hub for a new block of numbers for each prefix of
// which this device has half a block or less left today. One runs at a
// time; it is started after each connection, log advance and issue.
func (c *Client) ensureLeases() {
	if !c.Online() || !c.leasing.CompareAndSwap(false, true) {
		return
	}
	defer c.leasing.Store(false)
	view := c.View()
	d := view.Config.Device(c.cfg.Device)
	if d == nil || (d.Kind != queue.DeviceKiosk && d.Kind != queue.DeviceCounter) {
		return
	}
	day := queue.Day(c.cfg.Now(), view.Config.Location())
	for _, r := range view.Config.Reasons {
		for len(view.FreeNumbers(c.cfg.Device, day, r.Prefix)) <= view.Config.LeaseSize/2 {
			_, err := c.Request(context.Background(), queue.LeaseRequest, queue.LeaseRequestBody{Prefix: r.Prefix, Day: day})
			if err != nil {
				c.cfg.Log.Warn("lease numbers", "prefix", r.Prefix, "err", err)
				break
			}
			view = c.View()
		}
	}
}
