package queue

import (
	"encoding/json"
	"slices"
)

// PersonalErased is the hub's event for a visitor who asked for their
// personal data to be erased (GDPR article 17): every device takes it out
// of its state, its log and its read model (see accueil/internal/store).
// It names the visits, not the visitor, so the log keeps nothing of them.
const PersonalErased = "personal.erased"

// ErasureBody is the body of PersonalErased: the visitor's tickets.
type ErasureBody struct {
	Tickets []string `json:"tickets"`
}

// Visitor is how a visitor is found: by customer reference or phone number.
type Visitor struct {
	Customer string
	Phone    string
}

// Matches reports whether t is one of the visitor's visits.
func (v Visitor) Matches(t *Ticket) bool {
	return (v.Customer != "" && t.Customer == v.Customer) || (v.Phone != "" && t.Phone == v.Phone)
}

// Matches reports whether t is one of the visits erased.
func (b ErasureBody) Matches(t *Ticket) bool { return slices.Contains(b.Tickets, t.ID) }

// ErasedNote is the text of a note whose words were erased (after the
// store's retention, or at the visitor's request).
const ErasedNote = "…"

// ErasePersonal takes the visitor's personal data out of t: phone number,
// customer reference, the words of notes and of their comment. The visit
// itself stays. It reports whether t had any.
func (t *Ticket) ErasePersonal() bool {
	had := t.Phone != "" || t.Customer != "" || (t.Feedback != nil && t.Feedback.Comment != "")
	t.Phone, t.Customer = "", ""
	if t.Feedback != nil {
		f := *t.Feedback
		f.Comment = ""
		t.Feedback = &f
	}
	if len(t.Notes) > 0 {
		notes := make([]Note, len(t.Notes))
		copy(notes, t.Notes)
		for i := range notes {
			if notes[i].Text != ErasedNote {
				notes[i].Text, had = ErasedNote, true
			}
		}
		t.Notes = notes
	}
	return had
}

// erasePersonal applies PersonalErased to the tickets in memory.
func (s *State) erasePersonal(e Event) error {
	var b ErasureBody
	if err := e.Decode(&b); err != nil {
		return err
	}
	if len(b.Tickets) == 0 {
		return Errorf(EINVALID, "an erasure names the visits to erase")
	}
	for _, id := range b.Tickets {
		if t := s.Tickets[id]; t != nil {
			c := *t
			c.ErasePersonal()
			s.Tickets[id] = &c
		}
	}
	return nil
}

// personal lists, by event type, the body fields that hold a visitor's
// personal data.
var personal = map[string][]string{
	TicketIssued:       {"phone", "customer"},
	AppointmentCheckIn: {"phone", "customer"},
	NoteAdded:          {"text"},
	FeedbackGiven:      {"comment"},
	AppointmentBooked:  {"customer", "name"},
}

// HasPersonal reports whether events of type typ may carry personal data.
func HasPersonal(typ string) bool { return personal[typ] != nil }

// WithoutPersonal returns body, of an event of type typ, without its
// personal data (a note's text becomes ErasedNote), and whether it had any.
// A body that is not a JSON object has none.
func WithoutPersonal(typ string, body json.RawMessage) (json.RawMessage, bool) {
	fields := personal[typ]
	if fields == nil {
		return body, false
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil {
		return body, false
	}
	changed := false
	for _, f := range fields {
		v, ok := doc[f]
		switch {
		case !ok, f == "text" && v == ErasedNote:
		case f == "text":
			doc[f], changed = ErasedNote, true
		default:
			delete(doc, f)
			changed = true
		}
	}
	if !changed {
		return body, false
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body, false
	}
	return out, true
}

// WithoutPersonalData takes the visitors' personal data out of the whole
// state: tickets and appointments (for a device that shows none).
func (s *State) WithoutPersonalData() {
	for id, t := range s.Tickets {
		c := *t
		if c.ErasePersonal() {
			s.Tickets[id] = &c
		}
	}
	for code, a := range s.Appointments {
		if a.Customer != "" || a.Name != "" {
			c := *a
			c.Customer, c.Name = "", ""
			s.Appointments[code] = &c
		}
	}
}
