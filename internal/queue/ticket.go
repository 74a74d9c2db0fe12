package queue

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Status is where a ticket is in its life:
//
//	waiting → called → serving → done
//	called → waiting (requeued) · called → no_show (never came)
//	waiting → cancelled (left the shop) · waiting → done (served at the door)
//	serving → transferred: the ticket waits again for another reason,
//	keeping its arrival time, answers and notes.
type Status string

// Ticket statuses.
const (
	Waiting   Status = "waiting"
	Called    Status = "called"
	Serving   Status = "serving"
	Done      Status = "done"
	NoShow    Status = "no_show"
	Cancelled Status = "cancelled"
)

// Open reports whether a ticket in status s is still in the queue.
func (s Status) Open() bool { return s == Waiting || s == Called || s == Serving }

// Priority orders tickets beyond their arrival; see Next.
type Priority string

// Priorities.
const (
	PriorityNormal        Priority = "normal"
	PriorityPremium       Priority = "premium" // coupe-file: premium customers, web orders
	PriorityAppointment   Priority = "appointment"
	PriorityAccessibility Priority = "accessibility"
)

func (p Priority) valid() bool {
	return p == PriorityNormal || p == PriorityPremium || p == PriorityAppointment || p == PriorityAccessibility
}

// Note is a line written on a visit by a staff member.
type Note struct {
	At    time.Time `json:"at"`
	Staff string    `json:"staff"`
	Text  string    `json:"text"`
}

// IDCheck records that a staff member checked a visitor's identity: who,
// when, and the type of document; never its number or picture.
type IDCheck struct {
	Document string    `json:"document"` // one of IDDocuments
	Staff    string    `json:"staff"`
	At       time.Time `json:"at"`
}

// Step is one transition in a ticket's history.
type Step struct {
	At     time.Time `json:"at"`
	Event  string    `json:"event"` // the event type
	Status Status    `json:"status"`
	Staff  string    `json:"staff,omitempty"`
	Reason string    `json:"reason,omitempty"`
}

// Ticket is a visit, from arrival to the end of service.
type Ticket struct {
	ID          string            `json:"id"`
	Number      string            `json:"number"` // "A042"
	Day         string            `json:"day"`    // store-local date the number belongs to
	Reason      string            `json:"reason"`
	Answers     map[string]string `json:"answers,omitempty"` // question id → option id
	Priority    Priority          `json:"priority"`
	Status      Status            `json:"status"`
	Token       string            `json:"token"`              // secret of the mobile status page
	Customer    string            `json:"customer,omitempty"` // customer reference, when known
	Phone       string            `json:"phone,omitempty"`    // for an SMS, given with consent
	Lang        string            `json:"lang,omitempty"`
	Appointment string            `json:"appointment,omitempty"` // code checked in
	Device      string            `json:"device"`                // that issued it
	ArrivedAt   time.Time         `json:"arrived_at"`            // kept across transfers
	QueuedAt    time.Time         `json:"queued_at"`             // entered the current reason's queue
	CalledAt    time.Time         `json:"called_at,omitzero"`
	StartedAt   time.Time         `json:"started_at,omitzero"`
	EndedAt     time.Time         `json:"ended_at,omitzero"`
	Counter     string            `json:"counter,omitempty"`
	Staff       string            `json:"staff,omitempty"`
	ForStaff    string            `json:"for_staff,omitempty"` // transferred to one person
	Recalls     int               `json:"recalls,omitempty"`
	Notes       []Note            `json:"notes,omitempty"`
	Outcome     string            `json:"outcome,omitempty"`
	IDCheck     *IDCheck          `json:"id_check,omitempty"` // for a SIM replaced
	Rebond      *RebondResult     `json:"rebond,omitempty"`   // the suggestion it matched, at its end
	Incident    string            `json:"incident,omitempty"` // the visit is about this incident
	Feedback    *Feedback         `json:"feedback,omitempty"` // the visitor's answer after the visit
	History     []Step            `json:"history,omitempty"`
}

// Wait is how long the ticket has waited (or waited) since arrival.
func (t *Ticket) Wait(now time.Time) time.Duration {
	end := now
	if !t.CalledAt.IsZero() && t.Status != Waiting {
		end = t.CalledAt
	}
	return end.Sub(t.ArrivedAt)
}

// clone returns a deep copy of t.
func (t *Ticket) clone() *Ticket {
	c := *t
	c.Answers = maps.Clone(t.Answers)
	c.Notes = slices.Clone(t.Notes)
	c.History = slices.Clone(t.History)
	return &c
}

// MaxNumber is the highest ticket number of a prefix in a day.
const MaxNumber = 999

// FormatNumber returns the printed number: prefix and three digits, "A042".
func FormatNumber(prefix string, n int) string { return fmt.Sprintf("%s%03d", prefix, n) }

// ParseNumber splits "A042" into "A" and 42.
func ParseNumber(s string) (prefix string, n int, err error) {
	if len(s) != 4 || s[0] < 'A' || s[0] > 'Z' {
		return "", 0, Errorf(EINVALID, "ticket number %q is not a letter and 3 digits", s)
	}
	// Sscanf accepts "+01", " 01" and "01x"; only the printed form is a
	// number, or one number could be issued twice under two spellings.
	if _, err := fmt.Sscanf(s[1:], "%03d", &n); err != nil || n < 1 || FormatNumber(s[:1], n) != s {
		return "", 0, Errorf(EINVALID, "ticket number %q is not a letter and 3 digits", s)
	}
	return s[:1], n, nil
}

// Day returns the store-local date of t, "2006-01-02": numbers restart at
// the store's midnight.
func Day(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// Appointment is a booked visit, or a web order to collect, found by code.
type Appointment struct {
	Code     string    `json:"code"`
	Kind     string    `json:"kind"` // "appointment" or "pickup"
	Reason   string    `json:"reason"`
	At       time.Time `json:"at"`
	Customer string    `json:"customer,omitempty"`
	Name     string    `json:"name,omitempty"`
	Staff    string    `json:"staff,omitempty"`  // expert booked, if any
	Ticket   string    `json:"ticket,omitempty"` // set at check-in
}

// Lease is a block of ticket numbers the hub gave a device for a day, so it
// can issue tickets without asking, even offline.
type Lease struct {
	Device string `json:"device"`
	Day    string `json:"day"`
	Prefix string `json:"prefix"`
	First  int    `json:"first"`
	Last   int    `json:"last"`
}
