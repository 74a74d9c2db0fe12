package mqttsync

import (
	"context"
	"time"

	"accueil/internal/enrol"
	"accueil/internal/queue"
)

// Lockout: after lockoutAfter wrong PINs in a row for a staff member or
// from a device, each further try waits lockoutBase, doubled for each
// further failure, up to lockoutMax.
const (
	lockoutAfter = 5
	lockoutBase  = time.Minute
	lockoutMax   = 30 * time.Minute
)

// pinChecks bounds the PINs checked at once: each costs a hash, and the
// hub's machine has other work.
const pinChecks = 2

// logins is the hub's record of PIN failures, owned by run.
type logins struct {
	failures map[string]int       // "staff:<id>" or "device:<id>": wrong PINs in a row
	until    map[string]time.Time // locked until
	checking map[string]string    // the login (event id) being checked, by device
	slots    chan struct{}        // pinChecks tokens
}

func newLogins() logins {
	return logins{failures: map[string]int{}, until: map[string]time.Time{}, checking: map[string]string{}, slots: make(chan struct{}, pinChecks)}
}

// pinResult is a login whose PIN was checked off the hub's goroutine.
type pinResult struct {
	env Envelope
	ok  bool
}

// checkLogin checks login request e's PIN in a goroutine of its own, so
// that guesses never hold up the hub; the answer comes back as a
// pinResult. A device or staff member locked out is refused at once, as
// is another login of a device whose login is being checked.
func (h *Hub) checkLogin(env Envelope) error {
	e := env.Event
	var r queue.StaffBody
	if err := e.Decode(&r); err != nil {
		return err
	}
	now := h.cfg.Now()
	for _, k := range []string{"device:" + e.Device, "staff:" + r.Staff} {
		if until := h.logins.until[k]; now.Before(until) {
			return reject(CodeLocked, "too many wrong PINs: try again in %v", until.Sub(now).Round(time.Second))
		}
	}
	switch id, ok := h.logins.checking[e.Device]; {
	case ok && id == e.ID:
		return nil // sent again: the check under way answers it
	case ok:
		return reject(CodeBusy, "a login from %s is being checked", e.Device)
	}
	known := h.st.Config.StaffMember(r.Staff) != nil
	h.logins.checking[e.Device] = e.ID
	go func() {
		h.logins.slots <- struct{}{}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ok := known && h.CheckPIN(ctx, r.Staff, r.PIN)
		cancel()
		<-h.logins.slots
		select {
		case h.work <- pinResult{env: env, ok: ok}:
		case <-h.stopped:
		}
	}()
	return nil
}

// CheckPIN reports whether pin is staff's PIN, from the hashes the hub
// keeps apart from the log. A hash an older log carried is made again with
// argon2id once it matched. It may run on any goroutine.
func (h *Hub) CheckPIN(ctx context.Context, staff, pin string) bool {
	hash, found, err := h.cfg.DB.PIN(ctx, staff)
	if err != nil || !found {
		return false
	}
	ok, legacy := enrol.VerifyPIN(hash, pin)
	if ok && legacy {
		if err := h.cfg.DB.PutPIN(ctx, staff, enrol.HashPIN(pin)); err != nil {
			h.cfg.Log.Warn("hash a PIN again", "staff", staff, "err", err)
		}
	}
	return ok
}

// setFirstPINs keeps the first PINs of cfg's staff who have none yet (a
// new store).
func (h *Hub) setFirstPINs(ctx context.Context, cfg queue.Config) error {
	for _, s := range cfg.Staff {
		if s.PIN == "" {
			continue
		}
		if _, found, err := h.cfg.DB.PIN(ctx, s.ID); err != nil || found {
			if err != nil {
				return err
			}
			continue
		}
		if err := h.cfg.DB.PutPIN(ctx, s.ID, enrol.HashPIN(s.PIN)); err != nil {
			return err
		}
	}
	return nil
}

// loginChecked counts the PIN check's result, and admits the login when
// the PIN was right.
func (h *Hub) loginChecked(ctx context.Context, b *batch, p pinResult) {
	e := p.env.Event
	delete(h.logins.checking, e.Device)
	var r queue.StaffBody
	e.Decode(&r)
	keys := []string{"device:" + e.Device}
	if h.st.Config.StaffMember(r.Staff) != nil { // only known staff: an attacker's names would fill the map
		keys = append(keys, "staff:"+r.Staff)
	}
	if !p.ok {
		now := h.cfg.Now()
		for _, k := range keys {
			h.logins.failures[k]++
			if n := h.logins.failures[k]; n >= lockoutAfter {
				wait := min(lockoutBase<<min(n-lockoutAfter, 10), lockoutMax)
				h.logins.until[k] = now.Add(wait)
				h.cfg.Log.Warn("PIN lockout", "who", k, "failures", n, "wait", wait)
			}
		}
		h.refused(b, e.Device, e, queue.Errorf(queue.EFORBIDDEN, "wrong staff id or PIN"))
		return
	}
	err := h.admit(ctx, b, p.env, true)
	if err == nil {
		for _, k := range keys {
			delete(h.logins.failures, k)
			delete(h.logins.until, k)
		}
	}
	h.refused(b, e.Device, e, err)
}

// SetPIN sets staff's PIN (EINVALID: fewer than enrol.MinPINDigits digits),
// in the hub's own table: never in the log.
func (h *Hub) SetPIN(ctx context.Context, staff, pin string) error {
	return enrol.SetPIN(ctx, h.cfg.DB, staff, pin)
}
