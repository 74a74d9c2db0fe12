package queue

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The rules of who may do what live here: which kind of device sends which
// event, who may act on a ticket and from where, what a request decides.
// The hub checks them before it applies an event from a device (Decide);
// devices check them before they submit one (Admit); screens ask them what
// to offer. Apply, the fold of the log, keeps only the state machine, so a
// log written under earlier rules still folds the same way.

// permitted lists the events and requests each kind of device may send.
// The hub sends none through the broker: its own events are made in the
// hub.
var permitted = map[string][]string{
	DeviceKiosk: {TicketIssued, AppointmentCheckIn, DeviceAlert, FeedbackGiven, LeaseRequest},
	DeviceCounter: {TicketIssued, AppointmentCheckIn, TicketCalled, TicketRecalled,
		TicketRequeued, ServiceStarted, ServiceFinished, TicketTransferred, TicketNoShow,
		TicketCancelled, NoteAdded, PriorityChanged, StaffLoggedOut, StaffPaused,
		StaffResumed, DeviceAlert, CallNextRequest, LeaseRequest, LoginRequest},
	DeviceDisplay: {DeviceAlert},
}

// Permitted reports whether a device of kind may send an event or request
// of type typ.
func Permitted(kind, typ string) bool { return slices.Contains(permitted[kind], typ) }

// actBody is what every body of an event about one ticket names: the
// ticket and the staff member who acts.
type actBody struct {
	Ticket   string   `json:"ticket"`
	Staff    string   `json:"staff"`
	Reason   string   `json:"reason"`    // TicketTransferred
	ForStaff string   `json:"for_staff"` // TicketTransferred
	Priority Priority `json:"priority"`  // PriorityChanged
}

// Admit checks that device e.Device may make event e at now, beyond what
// Apply checks: the device is enrolled and its kind sends e.Type; a staff
// action comes from a staff member with an open session on that device
// (for a call, unpaused, at the counter named, with the skill, the desk
// free); a ticket belongs to the day of its time, not later than the
// store's day at now; a phone number is one; feedback comes with its
// ticket's token (see CheckFeedback).
// A called or served ticket is acted on by whom called it, or a manager;
// a staff member with a visitor called or served cannot log out. Errors
// are EFORBIDDEN, ECONFLICT, EINVALID or ENOTFOUND.
func (s *State) Admit(e Event, now time.Time) error {
	d := s.Config.Device(e.Device)
	if d == nil {
		return Errorf(EFORBIDDEN, "device %q is not enrolled", e.Device)
	}
	if !Permitted(d.Kind, e.Type) {
		return Errorf(EFORBIDDEN, "a %s may not send %s", d.Kind, e.Type)
	}
	switch e.Type {
	case TicketIssued, AppointmentCheckIn:
		var b IssueBody
		if err := e.Decode(&b); err != nil {
			return err
		}
		if day := Day(e.At, s.Config.Location()); b.Day != day {
			return Errorf(EINVALID, "a ticket made on %s is numbered for %q", day, b.Day)
		}
		if today := Day(now, s.Config.Location()); b.Day > today {
			return Errorf(EINVALID, "a ticket of %s comes before its day (today is %s)", b.Day, today)
		}
		if b.Phone != "" && !ValidPhone(b.Phone) {
			return Errorf(EINVALID, "%q is not a phone number", b.Phone)
		}
		if d.Kind == DeviceCounter && !s.staffed(e.Device) {
			return Errorf(EFORBIDDEN, "nobody is logged in on %s", e.Device)
		}
		if d.Kind != DeviceCounter && b.Priority != "" && b.Priority != PriorityNormal {
			return Errorf(EFORBIDDEN, "only staff give a %s priority", b.Priority)
		}
		return s.checkIssue(b)
	case TicketCalled:
		var b CallBody
		if err := e.Decode(&b); err != nil {
			return err
		}
		t := s.Tickets[b.Ticket]
		if t == nil {
			return Errorf(ENOTFOUND, "no ticket %q", b.Ticket)
		}
		return s.CanCall(e.Device, b.Staff, b.Counter, t)
	case TicketRecalled, TicketRequeued, ServiceStarted, TicketNoShow, ServiceFinished,
		TicketTransferred, TicketCancelled, NoteAdded, PriorityChanged:
		return s.admitAct(e)
	case StaffLoggedOut, StaffPaused, StaffResumed:
		var b StaffBody
		if err := e.Decode(&b); err != nil {
			return err
		}
		if _, err := s.session(b.Staff, e.Device); err != nil {
			return err
		}
		if t := s.Current(b.Staff); t != nil && e.Type == StaffLoggedOut {
			return Errorf(ECONFLICT, "%s still has ticket %s %s: finish it first", b.Staff, t.Number, t.Status)
		}
	case FeedbackGiven:
		var b FeedbackBody
		if err := e.Decode(&b); err != nil {
			return err
		}
		return s.CheckFeedback(b)
	}
	return nil
}

// admitAct checks an event about one ticket from a counter.
func (s *State) admitAct(e Event) error {
	var b actBody
	if err := e.Decode(&b); err != nil {
		return err
	}
	if _, err := s.session(b.Staff, e.Device); err != nil {
		return err
	}
	t := s.Tickets[b.Ticket]
	if t == nil {
		return Errorf(ENOTFOUND, "no ticket %q", b.Ticket)
	}
	if (t.Status == Called || t.Status == Serving) && t.Staff != b.Staff && !s.Config.isManager(b.Staff) {
		return Errorf(EFORBIDDEN, "ticket %s is with %s, not %s", t.Number, t.Staff, b.Staff)
	}
	if e.Type == PriorityChanged && !slices.Contains(StaffPriorities(), b.Priority) {
		return Errorf(EINVALID, "staff give the priorities %v, not %q", StaffPriorities(), b.Priority)
	}
	if e.Type == NoteAdded && len(t.Notes) >= MaxNotes {
		return Errorf(ELIMIT, "ticket %s has %d notes, the most it takes", t.Number, MaxNotes)
	}
	if e.Type == TicketTransferred {
		if _, err := s.Config.TransferReason(t.Reason, b.Reason, b.ForStaff); err != nil {
			return err
		}
		if b.Reason == "" {
			return Errorf(EINVALID, "a transfer names its reason")
		}
	}
	return nil
}

// Limits of what a device writes on a ticket.
const (
	MaxNotes    = 20 // notes on one ticket
	MaxCustomer = 64 // characters of a customer reference
)

// checkIssue checks the fields of a new ticket a device chose: a status
// page token of 128 bits in hex (as devices make them), answers that are
// options of the reason's questions, a short customer reference, a
// language code.
func (s *State) checkIssue(b IssueBody) error {
	if len(b.Token) != 32 || strings.Trim(b.Token, "0123456789abcdef") != "" {
		return Errorf(EINVALID, "a ticket's token is 32 hexadecimal digits")
	}
	if utf8.RuneCountInString(b.Customer) > MaxCustomer || !utf8.ValidString(b.Customer) {
		return Errorf(EINVALID, "a customer reference has at most %d characters", MaxCustomer)
	}
	if len(b.Lang) > 3 || strings.Trim(b.Lang, "abcdefghijklmnopqrstuvwxyz") != "" {
		return Errorf(EINVALID, "%q is not a language code", b.Lang)
	}
	r := s.Config.Reason(b.Reason)
	if r == nil {
		return Errorf(EINVALID, "unknown reason %q", b.Reason)
	}
	for q, a := range b.Answers {
		i := slices.IndexFunc(r.Questions, func(x Question) bool { return x.ID == q })
		if i < 0 || !slices.ContainsFunc(r.Questions[i].Options, func(o Option) bool { return o.ID == a }) {
			return Errorf(EINVALID, "%q is not an answer to a question of %s", q+"="+a, b.Reason)
		}
	}
	return nil
}

// session returns the open session of staff on device, or EFORBIDDEN.
func (s *State) session(staff, device string) (*Session, error) {
	ss := s.Sessions[staff]
	if staff == "" || ss == nil || ss.Device != device {
		return nil, Errorf(EFORBIDDEN, "%q is not logged in on %s", staff, device)
	}
	return ss, nil
}

// staffed reports whether some staff member is logged in on device.
func (s *State) staffed(device string) bool {
	for _, ss := range s.Sessions {
		if ss.Device == device {
			return true
		}
	}
	return false
}

// Current returns the ticket staff has called or serves, the latest called
// when there are several, or nil.
func (s *State) Current(staff string) *Ticket {
	var cur *Ticket
	for _, t := range s.Tickets {
		if staff == "" || t.Staff != staff || (t.Status != Called && t.Status != Serving) {
			continue
		}
		if cur == nil || t.CalledAt.After(cur.CalledAt) {
			cur = t
		}
	}
	return cur
}

// ready checks that the session ss may call a visitor to counter: at that
// counter, not on a pause, and nobody called or served there or by them.
func (s *State) ready(ss *Session, counter string) error {
	switch {
	case counter == "" || ss.Counter != counter:
		return Errorf(EFORBIDDEN, "%s is logged in at counter %q, not %q", ss.Staff, ss.Counter, counter)
	case ss.Paused:
		return Errorf(ECONFLICT, "%s is on a pause", ss.Staff)
	}
	for _, t := range s.Tickets {
		if (t.Status == Called || t.Status == Serving) && (t.Staff == ss.Staff || t.Counter == counter) {
			return Errorf(ECONFLICT, "ticket %s is %s at counter %s: finish it first", t.Number, t.Status, t.Counter)
		}
	}
	return nil
}

// ReadyToCall checks that staff may call a visitor to counter from device:
// logged in there at that counter (EFORBIDDEN), not on a pause, with
// nobody called or served there or by them (ECONFLICT). It is the rule of
// the call next button.
func (s *State) ReadyToCall(device, staff, counter string) error {
	ss, err := s.session(staff, device)
	if err != nil {
		return err
	}
	return s.ready(ss, counter)
}

// CanCall checks that staff, logged in on device, may call waiting ticket t
// to counter now: ready (see ReadyToCall), and the staff member at that
// counter serves t (see Serves) and t is not kept for someone else. It is
// the rule of a direct call, and of the call buttons of a list.
func (s *State) CanCall(device, staff, counter string, t *Ticket) error {
	if err := s.ReadyToCall(device, staff, counter); err != nil {
		return err
	}
	if t.Status != Waiting {
		return Errorf(ECONFLICT, "ticket %s is %s", t.Number, t.Status)
	}
	if !s.Serves(staff, counter, t) || s.keptFor(t, staff) {
		return Errorf(EFORBIDDEN, "%s at counter %s does not serve ticket %s", staff, counter, t.Number)
	}
	return nil
}

// Decide returns the event the hub logs for envelope e from a device at
// now. A request (call next, lease, login) becomes the event decided, under
// the request's id and clock, stamped now; any other event is checked by
// Admit and returned as it is. A login's PIN is checked by the caller
// first: the hub alone holds the PINs.
//
// Call next is refused (EFORBIDDEN, ECONFLICT) unless the staff member is
// logged in on the device, at the counter named, not paused, with nobody
// called or served there; EEMPTY when nobody waits for them. A lease is
// only for the store's open day (the day of now; EINVALID otherwise) and
// a configured prefix. A login needs a known staff member and counter; only
// an orienteur or a manager works at the door (no counter).
func (s *State) Decide(e Event, now time.Time) (Event, error) {
	if !IsRequest(e.Type) {
		return e, s.Admit(e, now)
	}
	if err := s.Admit(e, now); err != nil {
		return e, err
	}
	switch e.Type {
	case CallNextRequest:
		var r CallNextBody
		if err := e.Decode(&r); err != nil {
			return e, err
		}
		if err := s.ReadyToCall(e.Device, r.Staff, r.Counter); err != nil {
			return e, err
		}
		t, err := s.Next(r.Staff, r.Counter, now)
		if err != nil {
			return e, err
		}
		return remake(e, TicketCalled, now, CallBody{Ticket: t.ID, Counter: r.Counter, Staff: r.Staff})
	case LeaseRequest:
		var r LeaseRequestBody
		if err := e.Decode(&r); err != nil {
			return e, err
		}
		if today := Day(now, s.Config.Location()); r.Day != today {
			return e, Errorf(EINVALID, "numbers are leased for the open day %s, not %q", today, r.Day)
		}
		if !slices.ContainsFunc(s.Config.Reasons, func(x Reason) bool { return x.Prefix == r.Prefix }) {
			return e, Errorf(EINVALID, "no reason has the prefix %q", r.Prefix)
		}
		l, err := s.GrantLease(e.Device, r.Day, r.Prefix)
		if err != nil {
			return e, err
		}
		return remake(e, LeaseGranted, now, l)
	default: // LoginRequest
		var r StaffBody
		if err := e.Decode(&r); err != nil {
			return e, err
		}
		if err := s.Config.CheckLogin(r.Staff, r.Counter); err != nil {
			return e, err
		}
		return remake(e, StaffLoggedIn, now, StaffBody{Staff: r.Staff, Counter: r.Counter})
	}
}

// IsRequest reports whether typ is a request, which the hub decides.
func IsRequest(typ string) bool {
	return typ == CallNextRequest || typ == LeaseRequest || typ == LoginRequest
}

// remake returns the event typ decided for request req, under its id,
// device and clock.
func remake(req Event, typ string, at time.Time, body any) (Event, error) {
	e, err := NewEvent(req.ID, req.Device, typ, at, body)
	e.HLC = req.HLC
	return e, err
}

// CheckLogin checks that staff may work at counter: a known staff member
// (EFORBIDDEN, as for a wrong PIN) and counter (EINVALID); the door, no
// counter, is only for an orienteur or a manager (EINVALID).
func (c *Config) CheckLogin(staff, counter string) error {
	st := c.StaffMember(staff)
	switch {
	case st == nil:
		return Errorf(EFORBIDDEN, "wrong staff id or PIN")
	case counter == "" && st.Role != RoleOrienteur && st.Role != RoleManager:
		return Errorf(EINVALID, "a %s works at a counter, not at the door", st.Role)
	case counter != "" && c.Counter(counter) == nil:
		return Errorf(EINVALID, "unknown counter %q", counter)
	}
	return nil
}

// Unserved returns the reasons staff has the skill for that counter does
// not serve: staff logged in there is never called for them. A counter
// that lists no skill serves every reason.
func (c *Config) Unserved(staff, counter string) []Reason {
	st, co := c.StaffMember(staff), c.Counter(counter)
	if st == nil || co == nil {
		return nil
	}
	var out []Reason
	for _, r := range c.Reasons {
		if st.CanServe(&r) && !co.serves(&r) {
			out = append(out, r)
		}
	}
	return out
}

// serves reports whether counter c takes reason r: it lists no skill, or
// the reason's.
func (c *Counter) serves(r *Reason) bool {
	return len(c.Skills) == 0 || r.Skill == "" || slices.Contains(c.Skills, r.Skill)
}

// StaffPriorities returns the priorities staff may give a ticket: the
// appointment's comes only with a check-in.
func StaffPriorities() []Priority {
	return []Priority{PriorityNormal, PriorityPremium, PriorityAccessibility}
}

// DoorReasons returns the reasons staff can give a ticket for or move one
// to: those with no appointment or order code to check in.
func (c *Config) DoorReasons() []Reason {
	var out []Reason
	for _, r := range c.Reasons {
		if r.Kind == "" {
			out = append(out, r)
		}
	}
	return out
}

// TransferTargets returns the staff members to whom me may pass a visit:
// those who serve at a counter (conseillers, experts, managers), me
// excepted.
func (c *Config) TransferTargets(me string) []Staff {
	var out []Staff
	for _, st := range c.Staff {
		if st.ID != me && st.servesAtCounter() {
			out = append(out, st)
		}
	}
	return out
}

func (c *Config) isManager(staff string) bool {
	st := c.StaffMember(staff)
	return st != nil && st.Role == RoleManager
}

func (st *Staff) servesAtCounter() bool {
	return st.Role == RoleConseiller || st.Role == RoleExpert || st.Role == RoleManager
}

// TransferReason returns the reason of a ticket of reason current passed
// on to reason, to staff member to, or both. The reason chosen must be a
// door reason; with none chosen and a person named, the ticket keeps its
// reason when they can serve it, else takes the first door reason they
// can. Errors are EINVALID: no reason and nobody named, an unknown reason,
// or someone who serves no counter or not the reason.
func (c *Config) TransferReason(current, reason, to string) (string, error) {
	var st *Staff
	if to != "" {
		if st = c.StaffMember(to); st == nil || !st.servesAtCounter() {
			return "", Errorf(EINVALID, "a visit cannot be passed on to %q", to)
		}
	}
	if reason != "" {
		r := c.Reason(reason)
		switch {
		case r == nil || r.Kind != "":
			return "", Errorf(EINVALID, "a visit cannot be moved to reason %q", reason)
		case st != nil && !st.CanServe(r):
			return "", Errorf(EINVALID, "%s does not serve %s", to, reason)
		}
		return reason, nil
	}
	if st == nil {
		return "", Errorf(EINVALID, "a transfer names a reason or a person")
	}
	if r := c.Reason(current); r != nil && st.CanServe(r) {
		return current, nil
	}
	for _, r := range c.DoorReasons() {
		if st.CanServe(&r) {
			return r.Code, nil
		}
	}
	return "", Errorf(EINVALID, "%s serves no reason", to)
}

// FindAppointment returns the appointment or web order with code, ignoring
// case (codes are read aloud and typed by hand), or nil.
func (s *State) FindAppointment(code string) *Appointment {
	if a := s.Appointments[code]; a != nil {
		return a
	}
	for c, a := range s.Appointments {
		if strings.EqualFold(c, code) {
			return a
		}
	}
	return nil
}

// DayAppointments returns the appointments (not web orders) of the
// store's day of now, earliest first.
func (s *State) DayAppointments(now time.Time) []*Appointment {
	loc := s.Config.Location()
	today := Day(now, loc)
	return s.appointments(func(a *Appointment) bool { return a.Kind == "appointment" && Day(a.At, loc) == today })
}

// AppointmentsDue returns the appointments and web orders due from now
// to now + within, and those late by less than AppointmentLate, earliest
// first.
func (s *State) AppointmentsDue(now time.Time, within time.Duration) []*Appointment {
	late := time.Duration(s.Config.AppointmentLate) * time.Minute
	return s.appointments(func(a *Appointment) bool { return a.At.Before(now.Add(within)) && a.At.After(now.Add(-late)) })
}

func (s *State) appointments(keep func(*Appointment) bool) []*Appointment {
	var as []*Appointment
	for _, a := range s.Appointments {
		if keep(a) {
			as = append(as, a)
		}
	}
	slices.SortFunc(as, func(a, b *Appointment) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return as
}

// ValidPhone reports whether p is a phone number for an SMS: ten digits
// starting with 0 and not 00 (France), or + and 8 to 15 digits (E.164).
func ValidPhone(p string) bool {
	digits := strings.TrimPrefix(p, "+")
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	if digits != p {
		return len(digits) >= 8 && len(digits) <= 15
	}
	return len(p) == 10 && p[0] == '0' && p[1] != '0'
}

// Issue is a ticket ready to be issued by a device (see PrepareIssue).
type Issue struct {
	Type string    // TicketIssued or AppointmentCheckIn
	Body IssueBody // all but the ticket id and token, the caller's
	Left int       // numbers the device still holds after this one
}

// PrepareIssue fills the body of a ticket device issues at now: with
// checkIn, the appointment or order b.Appointment names (found ignoring
// case) and its reason; the store's day of now, and the lowest number
// leased to the device for that day and not used. Errors: ENOTFOUND (no
// such appointment), ECONFLICT (already checked in), EINVALID (unknown
// reason), ELIMIT (no number left: ask for a lease).
func (s *State) PrepareIssue(device string, b IssueBody, checkIn bool, now time.Time) (Issue, error) {
	typ := TicketIssued
	if checkIn {
		a := s.FindAppointment(b.Appointment)
		switch {
		case a == nil:
			return Issue{}, Errorf(ENOTFOUND, "no appointment or order %q", b.Appointment)
		case a.Ticket != "":
			return Issue{}, Errorf(ECONFLICT, "appointment %s already checked in", a.Code)
		}
		typ, b.Reason, b.Appointment = AppointmentCheckIn, a.Reason, a.Code
	}
	r := s.Config.Reason(b.Reason)
	if r == nil {
		return Issue{}, Errorf(EINVALID, "unknown reason %q", b.Reason)
	}
	b.Day = Day(now, s.Config.Location())
	free := s.FreeNumbers(device, b.Day, r.Prefix)
	if len(free) == 0 {
		return Issue{}, Errorf(ELIMIT, "no ticket number left for %s on %s", r.Prefix, device)
	}
	b.Number = FormatNumber(r.Prefix, free[0])
	return Issue{Type: typ, Body: b, Left: len(free) - 1}, nil
}
