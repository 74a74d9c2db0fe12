package queue

import (
	"encoding/json"
	"time"
)

// Event is one change to a store. The state of a store is the fold of its
// events in sequence order (see State.Apply).
type Event struct {
	ID     string          `json:"id"`            // UUIDv7, unique
	Seq    int64           `json:"seq,omitempty"` // store sequence, given by the hub
	Device string          `json:"device"`        // where it happened
	N      int64           `json:"n,omitempty"`   // the device's number of it: 1, 2, 3… per device; 0 for the hub's and for requests
	HLC    int64           `json:"hlc"`           // hybrid logical clock of the device
	Type   string          `json:"type"`
	At     time.Time       `json:"at"`
	Body   json.RawMessage `json:"body"`
}

// Event types that enter the log.
const (
	TicketIssued       = "ticket.issued"
	TicketCalled       = "ticket.called"
	TicketRecalled     = "ticket.recalled"
	TicketRequeued     = "ticket.requeued"
	ServiceStarted     = "ticket.started"
	ServiceFinished    = "ticket.finished"
	TicketTransferred  = "ticket.transferred"
	TicketNoShow       = "ticket.no_show"
	TicketCancelled    = "ticket.cancelled"
	NoteAdded          = "ticket.note"
	PriorityChanged    = "ticket.priority"
	AppointmentBooked  = "appointment.booked"
	AppointmentCheckIn = "appointment.checked_in"
	StaffLoggedIn      = "staff.logged_in"
	StaffLoggedOut     = "staff.logged_out"
	StaffPaused        = "staff.paused"
	StaffResumed       = "staff.resumed"
	ConfigChanged      = "config.changed"
	LeaseGranted       = "lease.granted"
	DeviceAlert        = "device.alert"
	FeedbackGiven      = "feedback.given"
	IncidentDeclared   = "incident.declared" // body: Incident, from the hub
	IncidentEnded      = "incident.ended"    // body: IncidentEndBody, from the hub
)

// Requests: a device asks, the hub decides and logs the resulting event
// under the request's id (so a retried request is answered, never done
// twice).
const (
	CallNextRequest = "request.call_next" // → TicketCalled, or EEMPTY
	LeaseRequest    = "request.lease"     // → LeaseGranted
	LoginRequest    = "request.login"     // → StaffLoggedIn, PIN checked by the hub
)

// IssueBody is the body of TicketIssued and AppointmentCheckIn.
type IssueBody struct {
	Ticket      string            `json:"ticket"`
	Number      string            `json:"number"`
	Day         string            `json:"day"`
	Reason      string            `json:"reason"`
	Answers     map[string]string `json:"answers,omitempty"`
	Priority    Priority          `json:"priority,omitempty"`
	Token       string            `json:"token"`
	Customer    string            `json:"customer,omitempty"`
	Phone       string            `json:"phone,omitempty"`
	Lang        string            `json:"lang,omitempty"`
	Appointment string            `json:"appointment,omitempty"`
	Incident    string            `json:"incident,omitempty"` // the visit is about this incident
	Informed    bool              `json:"informed,omitempty"` // told what is known, left without waiting
}

// CallBody is the body of TicketCalled.
type CallBody struct {
	Ticket  string `json:"ticket"`
	Counter string `json:"counter"`
	Staff   string `json:"staff"`
}

// TicketBody is the body of events that only name a ticket and who acted:
// TicketRecalled, TicketRequeued, ServiceStarted, TicketNoShow.
type TicketBody struct {
	Ticket string `json:"ticket"`
	Staff  string `json:"staff,omitempty"`
}

// FinishBody is the body of ServiceFinished.
type FinishBody struct {
	Ticket  string `json:"ticket"`
	Staff   string `json:"staff,omitempty"`
	Outcome string `json:"outcome"`
	OnSpot  bool   `json:"on_spot,omitempty"` // served at the door by the orienteur
	// IDCheck is the identity check a SIM replacement needs (see
	// OutcomeSIMReplaced): the type of document seen, and that the name on
	// it is the line holder's. Nothing else of the document is kept.
	IDCheck     string `json:"id_check,omitempty"`
	NameMatches bool   `json:"name_matches,omitempty"`
	// Rebond is the suggestion the tablet showed (Config.RebondFor), and
	// whether it was proposed to the visitor and accepted.
	Rebond         string `json:"rebond,omitempty"`
	RebondProposed bool   `json:"rebond_proposed,omitempty"`
	RebondAccepted bool   `json:"rebond_accepted,omitempty"`
}

// OutcomeSIMReplaced ends a SIM swap. A SIM swap is how fraudsters take
// over a phone number (and the bank codes sent to it), so the domain
// refuses it without an identity check: a document of IDDocuments whose
// name matches the line holder. The ticket keeps who checked, when, and
// the document type only.
const OutcomeSIMReplaced = "sim_replaced"

// IDDocuments are the documents that prove an identity for a SIM swap.
func IDDocuments() []string { return []string{"id_card", "passport", "residence_permit"} }

// TransferBody is the body of TicketTransferred: to another reason and,
// optionally, to one staff member.
type TransferBody struct {
	Ticket   string `json:"ticket"`
	Staff    string `json:"staff,omitempty"`
	Reason   string `json:"reason"`
	ForStaff string `json:"for_staff,omitempty"`
}

// CancelBody is the body of TicketCancelled.
type CancelBody struct {
	Ticket  string `json:"ticket"`
	Staff   string `json:"staff,omitempty"`
	WalkOut bool   `json:"walk_out,omitempty"` // left while waiting
}

// NoteBody is the body of NoteAdded.
type NoteBody struct {
	Ticket string `json:"ticket"`
	Staff  string `json:"staff,omitempty"`
	Text   string `json:"text"`
}

// PriorityBody is the body of PriorityChanged.
type PriorityBody struct {
	Ticket   string   `json:"ticket"`
	Staff    string   `json:"staff,omitempty"`
	Priority Priority `json:"priority"`
	Why      string   `json:"why"`
}

// StaffBody is the body of staff events and of LoginRequest (with PIN,
// which never enters the log).
type StaffBody struct {
	Staff   string `json:"staff"`
	Counter string `json:"counter,omitempty"`
	Why     string `json:"why,omitempty"`
	PIN     string `json:"pin,omitempty"`
}

// CallNextBody is the body of CallNextRequest.
type CallNextBody struct {
	Staff   string `json:"staff"`
	Counter string `json:"counter"`
}

// LeaseRequestBody is the body of LeaseRequest.
type LeaseRequestBody struct {
	Prefix string `json:"prefix"`
	Day    string `json:"day"`
}

// AlertBody is the body of DeviceAlert: a printer out of paper, say.
type AlertBody struct {
	Kind    string `json:"kind"`   // "printer"
	Status  string `json:"status"` // "paper_out"
	Message string `json:"message,omitempty"`
}

// NewEvent returns an event of type typ with body encoded as JSON.
func NewEvent(id, device, typ string, at time.Time, body any) (Event, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return Event{}, Errorf(EINVALID, "%s: encode body: %v", typ, err)
	}
	return Event{ID: id, Device: device, Type: typ, At: at, Body: b}, nil
}

// Decode decodes the body of e into v.
func (e *Event) Decode(v any) error {
	if err := json.Unmarshal(e.Body, v); err != nil {
		return Errorf(EINVALID, "%s: bad body: %v", e.Type, err)
	}
	return nil
}
