package queue

import (
	"maps"
	"slices"
	"time"
)

// State is the state of a store: the fold of its events. The zero value is
// not usable; call NewState.
type State struct {
	Config       Config
	Seq          int64  // sequence of the last event applied from the log
	Day          string // the open business day (see roll)
	Tickets      map[string]*Ticket
	Appointments map[string]*Appointment
	Sessions     map[string]*Session // by staff id
	Leases       []Lease
	Alerts       map[string]AlertBody // last alert of each device
	Incidents    map[string]*Incident // declared, open or ended; an ended one goes at the next day close
	used         map[string]bool      // "day|A042" → number taken
	leased       map[string]int       // "day|A" → last number leased
	holders      map[string][]Lease   // "device|day|A" → its leases
	loc          *time.Location       // the store's time zone
	gone         map[string]*Ticket   // left memory at a day close, until Forget
}

// NewState returns the state of a store that has seen no event but its
// configuration.
func NewState(cfg Config) *State {
	return &State{
		Config:       cfg,
		Tickets:      map[string]*Ticket{},
		Appointments: map[string]*Appointment{},
		Sessions:     map[string]*Session{},
		Alerts:       map[string]AlertBody{},
		Incidents:    map[string]*Incident{},
		used:         map[string]bool{},
		leased:       map[string]int{},
		holders:      map[string][]Lease{},
		loc:          cfg.Location(),
	}
}

// Clone returns a copy of s, so a device can lay its pending events over
// the confirmed log without touching it. The copy shares the tickets,
// appointments and sessions that neither changes afterwards: Apply never
// changes one in place but replaces it with a changed copy, so a clone
// costs a few map copies, not a copy of every ticket. Callers must not
// change what a State holds.
func (s *State) Clone() *State {
	c := *s
	c.Tickets = maps.Clone(s.Tickets)
	c.Appointments = maps.Clone(s.Appointments)
	c.Sessions = maps.Clone(s.Sessions)
	c.Leases = slices.Clone(s.Leases)
	c.Alerts = maps.Clone(s.Alerts)
	c.Incidents = maps.Clone(s.Incidents)
	c.used = maps.Clone(s.used)
	c.leased = maps.Clone(s.leased)
	c.holders = maps.Clone(s.holders)
	c.gone = maps.Clone(s.gone)
	return &c
}

// Apply folds e into s. An event that is not allowed in the current state
// returns an *Error and leaves s unchanged.
func (s *State) Apply(e Event) error {
	if e.ID == "" || e.Device == "" || e.At.IsZero() {
		return Errorf(EINVALID, "%s: event without id, device or time", e.Type)
	}
	var err error
	switch e.Type {
	case TicketIssued, AppointmentCheckIn:
		err = s.issue(e)
	case TicketCalled:
		err = s.call(e)
	case TicketRecalled, TicketRequeued, ServiceStarted, TicketNoShow:
		err = s.move(e)
	case ServiceFinished:
		err = s.finish(e)
	case TicketTransferred:
		err = s.transfer(e)
	case TicketCancelled:
		err = s.cancel(e)
	case NoteAdded:
		err = s.note(e)
	case FeedbackGiven:
		err = s.feedback(e)
	case PersonalErased:
		err = s.erasePersonal(e)
	case PriorityChanged:
		err = s.priority(e)
	case AppointmentBooked:
		err = s.book(e)
	case StaffLoggedIn, StaffLoggedOut, StaffPaused, StaffResumed:
		err = s.staff(e)
	case ConfigChanged:
		var b ConfigBody
		if err = e.Decode(&b); err == nil {
			if err = b.Config.Validate(); err == nil {
				b.Config.keepFormer(&s.Config)
				s.Config, s.loc = b.Config, b.Config.Location()
			}
		}
	case LeaseGranted:
		err = s.lease(e)
	case IncidentDeclared:
		err = s.declare(e)
	case IncidentEnded:
		err = s.endIncident(e)
	case DeviceAlert:
		var a AlertBody
		if err = e.Decode(&a); err == nil {
			s.Alerts[e.Device] = a
		}
	default:
		err = Errorf(EINVALID, "unknown event type %q", e.Type)
	}
	if err == nil {
		s.roll(Day(e.At, s.loc))
	}
	if err == nil && e.Seq > s.Seq {
		s.Seq = e.Seq
	}
	return err
}

// ticket returns a copy of the ticket with id, or ENOTFOUND. The caller
// changes the copy and, when the event is allowed, saves it (see save):
// tickets are never changed in place (see Clone).
func (s *State) ticket(id string) (*Ticket, error) {
	t, ok := s.Tickets[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no ticket %q", id)
	}
	return t.clone(), nil
}

// ticketBody is the body of an event about one ticket.
type ticketBody interface{ ticketID() string }

func (b CallBody) ticketID() string     { return b.Ticket }
func (b TicketBody) ticketID() string   { return b.Ticket }
func (b FinishBody) ticketID() string   { return b.Ticket }
func (b TransferBody) ticketID() string { return b.Ticket }
func (b CancelBody) ticketID() string   { return b.Ticket }
func (b NoteBody) ticketID() string     { return b.Ticket }
func (b PriorityBody) ticketID() string { return b.Ticket }
func (b FeedbackBody) ticketID() string { return b.Ticket }

// decode decodes the body of e and returns it with a copy of the ticket it
// names.
func decode[B ticketBody](s *State, e Event) (B, *Ticket, error) {
	var b B
	if err := e.Decode(&b); err != nil {
		return b, nil, err
	}
	t, err := s.ticket(b.ticketID())
	return b, t, err
}

// save records e in t's history and puts t in s.
func (s *State) save(t *Ticket, e Event, staff string) {
	t.step(e, staff)
	s.Tickets[t.ID] = t
}

func (t *Ticket) step(e Event, staff string) {
	t.History = append(t.History, Step{At: e.At, Event: e.Type, Status: t.Status, Staff: staff, Reason: t.Reason})
}

func conflict(e Event, t *Ticket) error {
	return Errorf(ECONFLICT, "%s: ticket %s is %s", e.Type, t.Number, t.Status)
}

func (s *State) issue(e Event) error {
	var b IssueBody
	if err := e.Decode(&b); err != nil {
		return err
	}
	r := s.Config.Reason(b.Reason)
	switch {
	case b.Ticket == "" || b.Token == "":
		return Errorf(EINVALID, "ticket without id or token")
	case s.Tickets[b.Ticket] != nil:
		return Errorf(ECONFLICT, "ticket %s issued twice", b.Ticket)
	case r == nil:
		return Errorf(EINVALID, "unknown reason %q", b.Reason)
	}
	prefix, n, err := ParseNumber(b.Number)
	if err != nil {
		return err
	}
	switch {
	case prefix != r.Prefix:
		return Errorf(EINVALID, "number %s does not start with %s", b.Number, r.Prefix)
	case s.used[b.Day+"|"+b.Number]:
		return Errorf(ECONFLICT, "number %s already used on %s", b.Number, b.Day)
	case !s.holds(e.Device, b.Day, prefix, n):
		return Errorf(EFORBIDDEN, "number %s was not leased to %s on %s", b.Number, e.Device, b.Day)
	}
	if b.Priority == "" {
		b.Priority = PriorityNormal
	}
	if !b.Priority.valid() {
		return Errorf(EINVALID, "unknown priority %q", b.Priority)
	}
	if b.Priority == PriorityAppointment && e.Type != AppointmentCheckIn {
		return Errorf(EINVALID, "appointment priority comes only with a check-in")
	}
	for q, a := range b.Answers {
		if !r.answers(q, a) {
			return Errorf(EINVALID, "reason %s: no answer %q to %q", r.Code, a, q)
		}
	}
	if err := s.incident(b, e.At); err != nil {
		return err
	}
	var appt *Appointment
	if e.Type == AppointmentCheckIn {
		appt = s.Appointments[b.Appointment]
		switch {
		case appt == nil:
			return Errorf(ENOTFOUND, "no appointment %q", b.Appointment)
		case appt.Ticket != "":
			return Errorf(ECONFLICT, "appointment %s already checked in", b.Appointment)
		case appt.Reason != b.Reason:
			return Errorf(EINVALID, "appointment %s is for %s, not %s", b.Appointment, appt.Reason, b.Reason)
		}
		b.Customer = appt.Customer
		if appt.Kind == "appointment" {
			b.Priority = PriorityAppointment
		}
	}
	t := &Ticket{
		ID: b.Ticket, Number: b.Number, Day: b.Day, Reason: b.Reason, Answers: b.Answers,
		Priority: b.Priority, Status: Waiting, Token: b.Token, Customer: b.Customer, Phone: b.Phone,
		Lang: b.Lang, Appointment: b.Appointment, Device: e.Device, ArrivedAt: e.At, QueuedAt: e.At,
		Incident: b.Incident,
	}
	if b.Informed { // told at the kiosk, gone: never in the queue
		t.Status, t.EndedAt, t.Outcome = Cancelled, e.At, OutcomeInformed
	}
	if appt != nil {
		cp := *appt
		appt = &cp
		s.Appointments[appt.Code] = appt
		appt.Ticket = t.ID
		t.ForStaff = appt.Staff
	}
	s.save(t, e, "")
	s.used[b.Day+"|"+b.Number] = true
	return nil
}

// answers reports whether option a answers question q of r.
func (r *Reason) answers(q, a string) bool {
	for _, qq := range r.Questions {
		if qq.ID == q {
			return slices.ContainsFunc(qq.Options, func(o Option) bool { return o.ID == a })
		}
	}
	return false
}

func (s *State) holds(device, day, prefix string, n int) bool {
	return slices.ContainsFunc(s.holders[holderKey(device, day, prefix)], func(l Lease) bool { return l.First <= n && n <= l.Last })
}

func (s *State) call(e Event) error {
	b, t, err := decode[CallBody](s, e)
	if err != nil {
		return err
	}
	if t.Status != Waiting {
		return conflict(e, t)
	}
	if s.Config.Counter(b.Counter) == nil {
		return Errorf(EINVALID, "unknown counter %q", b.Counter)
	}
	t.Status, t.CalledAt, t.Counter, t.Staff, t.Recalls = Called, e.At, b.Counter, b.Staff, 0
	s.save(t, e, b.Staff)
	return nil
}

// move applies the transitions that need only the ticket: recall, requeue,
// start and no-show.
func (s *State) move(e Event) error {
	b, t, err := decode[TicketBody](s, e)
	if err != nil {
		return err
	}
	from, to := Called, Called
	switch e.Type {
	case TicketRequeued:
		to = Waiting
	case ServiceStarted:
		to = Serving
	case TicketNoShow:
		to = NoShow
	}
	if t.Status != from {
		return conflict(e, t)
	}
	switch e.Type {
	case TicketRecalled:
		if err := s.Config.CanRecall(t); err != nil {
			return err
		}
		t.Recalls++
	case TicketRequeued:
		t.Counter, t.Staff, t.CalledAt = "", "", time.Time{}
	case ServiceStarted:
		t.StartedAt = e.At
	case TicketNoShow:
		t.EndedAt = e.At
	}
	t.Status = to
	s.save(t, e, b.Staff)
	return nil
}

// CanRecall checks that called ticket t may be announced again: ELIMIT
// once recalled RecallLimit times (it is then a no-show).
func (c *Config) CanRecall(t *Ticket) error {
	if t.Recalls >= c.RecallLimit {
		return Errorf(ELIMIT, "ticket %s recalled %d times: mark it a no-show", t.Number, t.Recalls)
	}
	return nil
}

func (s *State) finish(e Event) error {
	b, t, err := decode[FinishBody](s, e)
	if err != nil {
		return err
	}
	if t.Status != Serving && !(b.OnSpot && t.Status == Waiting) {
		return conflict(e, t)
	}
	rebond, err := s.Config.checkFinish(t, b)
	if err != nil {
		return err
	}
	var check *IDCheck
	if b.Outcome == OutcomeSIMReplaced {
		check = &IDCheck{Document: b.IDCheck, Staff: b.Staff, At: e.At}
	}
	if t.Status == Waiting { // served on the spot: never rewrite a real service
		t.CalledAt, t.StartedAt, t.Staff = e.At, e.At, b.Staff
	}
	t.Status, t.EndedAt, t.Outcome, t.IDCheck, t.Rebond = Done, e.At, b.Outcome, check, rebond
	s.save(t, e, b.Staff)
	return nil
}

// CheckFinish checks what closing ticket t with b says: a configured
// outcome, the identity check a SIM replacement needs (and only it), and
// the suggestion shown (see Config.RebondFor), accepted only once
// proposed. Errors are EINVALID. The desk asks it before Finish is
// offered.
func (c *Config) CheckFinish(t *Ticket, b FinishBody) error {
	_, err := c.checkFinish(t, b)
	return err
}

func (c *Config) checkFinish(t *Ticket, b FinishBody) (*RebondResult, error) {
	switch {
	case !slices.Contains(c.Outcomes, b.Outcome):
		return nil, Errorf(EINVALID, "unknown outcome %q", b.Outcome)
	case b.Outcome != OutcomeSIMReplaced && (b.IDCheck != "" || b.NameMatches):
		return nil, Errorf(EINVALID, "an identity check is kept for a SIM replaced only")
	case b.Outcome == OutcomeSIMReplaced && !slices.Contains(IDDocuments(), b.IDCheck):
		return nil, Errorf(EINVALID, "a SIM is replaced only after an identity document (%v) is checked, not %q", IDDocuments(), b.IDCheck)
	case b.Outcome == OutcomeSIMReplaced && !b.NameMatches:
		return nil, Errorf(EINVALID, "a SIM is replaced only for the line holder: the name on the document must match")
	}
	return c.rebond(t, b)
}

func (s *State) transfer(e Event) error {
	b, t, err := decode[TransferBody](s, e)
	if err != nil {
		return err
	}
	if t.Status != Serving && t.Status != Waiting {
		return conflict(e, t)
	}
	if s.Config.Reason(b.Reason) == nil {
		return Errorf(EINVALID, "unknown reason %q", b.Reason)
	}
	if b.ForStaff != "" && s.Config.StaffMember(b.ForStaff) == nil {
		return Errorf(EINVALID, "unknown staff %q", b.ForStaff)
	}
	t.Status, t.Reason, t.ForStaff, t.QueuedAt = Waiting, b.Reason, b.ForStaff, e.At
	t.Counter, t.Staff, t.CalledAt, t.StartedAt, t.Recalls = "", "", time.Time{}, time.Time{}, 0
	s.save(t, e, b.Staff)
	return nil
}

func (s *State) cancel(e Event) error {
	b, t, err := decode[CancelBody](s, e)
	if err != nil {
		return err
	}
	if t.Status != Waiting {
		return conflict(e, t)
	}
	t.Status, t.EndedAt = Cancelled, e.At
	if b.WalkOut {
		t.Outcome = "walk_out"
	}
	s.save(t, e, b.Staff)
	return nil
}

// MaxNote is the longest note, in bytes.
const MaxNote = 2000

func (s *State) note(e Event) error {
	b, t, err := decode[NoteBody](s, e)
	if err != nil {
		return err
	}
	if b.Text == "" || len(b.Text) > MaxNote {
		return Errorf(EINVALID, "a note has 1 to %d characters", MaxNote)
	}
	t.Notes = append(t.Notes, Note{At: e.At, Staff: b.Staff, Text: b.Text})
	s.Tickets[t.ID] = t // a note is not a step of the ticket's history
	return nil
}

func (s *State) priority(e Event) error {
	b, t, err := decode[PriorityBody](s, e)
	if err != nil {
		return err
	}
	switch {
	case !t.Status.Open():
		return conflict(e, t)
	case !b.Priority.valid():
		return Errorf(EINVALID, "unknown priority %q", b.Priority)
	case b.Why == "":
		return Errorf(EINVALID, "a priority change needs a reason")
	}
	t.Priority = b.Priority
	s.save(t, e, b.Staff)
	return nil
}

func (s *State) book(e Event) error {
	var a Appointment
	if err := e.Decode(&a); err != nil {
		return err
	}
	switch {
	case a.Code == "" || a.At.IsZero():
		return Errorf(EINVALID, "an appointment needs a code and a time")
	case s.Appointments[a.Code] != nil:
		return Errorf(ECONFLICT, "appointment %s booked twice", a.Code)
	case s.Config.Reason(a.Reason) == nil:
		return Errorf(EINVALID, "unknown reason %q", a.Reason)
	case a.Kind != "appointment" && a.Kind != "pickup":
		return Errorf(EINVALID, "appointment kind is appointment or pickup, not %q", a.Kind)
	}
	a.Ticket = ""
	s.Appointments[a.Code] = &a
	return nil
}

func (s *State) staff(e Event) error {
	var b StaffBody
	if err := e.Decode(&b); err != nil {
		return err
	}
	if s.Config.StaffMember(b.Staff) == nil {
		return Errorf(ENOTFOUND, "no staff %q", b.Staff)
	}
	ss := s.Sessions[b.Staff]
	if e.Type == StaffLoggedIn {
		if b.Counter != "" && s.Config.Counter(b.Counter) == nil {
			return Errorf(EINVALID, "unknown counter %q", b.Counter)
		}
		s.Sessions[b.Staff] = &Session{Staff: b.Staff, Counter: b.Counter, Device: e.Device, Since: e.At}
		return nil
	}
	if ss == nil {
		return Errorf(ECONFLICT, "%s: %s is not logged in", e.Type, b.Staff)
	}
	cp := *ss
	ss = &cp
	s.Sessions[b.Staff] = ss
	switch e.Type {
	case StaffLoggedOut:
		delete(s.Sessions, b.Staff)
	case StaffPaused:
		ss.Paused, ss.Why, ss.PausedAt = true, b.Why, e.At
	case StaffResumed:
		ss.Paused, ss.Why, ss.PausedAt = false, "", time.Time{}
	}
	return nil
}

func (s *State) lease(e Event) error {
	var l Lease
	if err := e.Decode(&l); err != nil {
		return err
	}
	key := l.Day + "|" + l.Prefix
	switch {
	case l.Device == "" || l.Day == "":
		return Errorf(EINVALID, "lease without device or day")
	case l.First != s.leased[key]+1 || l.Last < l.First || l.Last > MaxNumber:
		return Errorf(ECONFLICT, "lease %s %d-%d does not follow %d", l.Prefix, l.First, l.Last, s.leased[key])
	}
	s.Leases = append(s.Leases, l)
	s.addLease(l)
	return nil
}

// GrantLease returns the next block of numbers for device, or ELIMIT when
// the day's numbers of prefix are all gone.
func (s *State) GrantLease(device, day, prefix string) (Lease, error) {
	last := s.leased[day+"|"+prefix]
	if last >= MaxNumber {
		return Lease{}, Errorf(ELIMIT, "all %d numbers of %s are used on %s", MaxNumber, prefix, day)
	}
	return Lease{Device: device, Day: day, Prefix: prefix, First: last + 1, Last: min(last+s.Config.LeaseSize, MaxNumber)}, nil
}

// FreeNumbers returns the numbers device may still issue with prefix on
// day, lowest first.
func (s *State) FreeNumbers(device, day, prefix string) []int {
	var free []int
	for _, l := range s.holders[holderKey(device, day, prefix)] {
		for n := l.First; n <= l.Last; n++ {
			if !s.used[day+"|"+FormatNumber(prefix, n)] {
				free = append(free, n)
			}
		}
	}
	return free
}

// LeasesWanted returns now's business day and the prefixes of which
// device, if it issues tickets (a kiosk or a tablet), has half a block of
// numbers or less left that day: it asks the hub for a block of each, so
// it keeps issuing while the hub is away.
func (s *State) LeasesWanted(device string, now time.Time) (day string, prefixes []string) {
	day = Day(now, s.loc)
	d := s.Config.Device(device)
	if d == nil || (d.Kind != DeviceKiosk && d.Kind != DeviceCounter) {
		return day, nil
	}
	for _, r := range s.Config.Reasons {
		if len(s.FreeNumbers(device, day, r.Prefix)) <= s.Config.LeaseSize/2 {
			prefixes = append(prefixes, r.Prefix)
		}
	}
	return day, prefixes
}
