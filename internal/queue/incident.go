package queue

import (
	"slices"
	"strings"
	"time"
)

// Services an incident can hit.
const (
	ServiceMobile   = "mobile"
	ServiceInternet = "internet"
	ServiceTV       = "tv"
)

// IncidentServices are the services an incident can hit.
func IncidentServices() []string { return []string{ServiceMobile, ServiceInternet, ServiceTV} }

// OutcomeInformed ends the visit of someone who came about an incident,
// was told what is known at the kiosk and left without waiting.
const OutcomeInformed = "informed"

// Incident is a network outage the manager declares (IncidentDeclared):
// the kiosk's welcome shows it, a visitor who came about it is told what
// is known and may wait or leave, their tickets carry its id, and the
// calling display shows its message between calls.
type Incident struct {
	ID      string    `json:"id"`
	Area    string    `json:"area"`    // where: "Lyon 3e"
	Service string    `json:"service"` // one of IncidentServices
	Message Text      `json:"message"` // what is known, in plain words, fr and en
	Reason  string    `json:"reason"`  // the queue of those who wait about it
	Start   time.Time `json:"start"`
	End     time.Time `json:"end,omitzero"` // expected end, when known
	Staff   string    `json:"staff"`        // the manager who declared it
	EndedAt time.Time `json:"ended_at,omitzero"`
}

// Open reports whether the incident is not over.
func (i *Incident) Open() bool { return i.EndedAt.IsZero() }

// IncidentEndBody is the body of IncidentEnded.
type IncidentEndBody struct {
	ID    string `json:"id"`
	Staff string `json:"staff"`
}

// OpenIncidents returns the incidents not over, the earliest first.
func (s *State) OpenIncidents() []*Incident {
	var out []*Incident
	for _, i := range s.Incidents {
		if i.Open() {
			out = append(out, i)
		}
	}
	slices.SortFunc(out, func(a, b *Incident) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// manager returns EFORBIDDEN unless staff is a manager of the store.
func (s *State) manager(staff string) error {
	if m := s.Config.StaffMember(staff); m == nil || m.Role != RoleManager {
		return Errorf(EFORBIDDEN, "only a manager declares or ends an incident, not %q", staff)
	}
	return nil
}

func (s *State) declare(e Event) error {
	var i Incident
	if err := e.Decode(&i); err != nil {
		return err
	}
	i.Area = strings.TrimSpace(i.Area)
	i.EndedAt = time.Time{}
	switch {
	case i.ID == "":
		return Errorf(EINVALID, "an incident has no id")
	case s.Incidents[i.ID] != nil:
		return Errorf(ECONFLICT, "incident %s declared twice", i.ID)
	case i.Area == "":
		return Errorf(EINVALID, "incident %s: say which area it hits", i.ID)
	case !slices.Contains(IncidentServices(), i.Service):
		return Errorf(EINVALID, "incident %s: service %q is none of %v", i.ID, i.Service, IncidentServices())
	case strings.TrimSpace(i.Message["fr"]) == "" || strings.TrimSpace(i.Message["en"]) == "":
		return Errorf(EINVALID, "incident %s: its message is needed in French and English", i.ID)
	case s.Config.Reason(i.Reason) == nil:
		return Errorf(EINVALID, "incident %s: unknown reason %q", i.ID, i.Reason)
	case i.Start.IsZero():
		return Errorf(EINVALID, "incident %s: when did it start?", i.ID)
	case !i.End.IsZero() && !i.End.After(i.Start):
		return Errorf(EINVALID, "incident %s: its expected end comes before its start", i.ID)
	}
	if err := s.manager(i.Staff); err != nil {
		return err
	}
	s.Incidents[i.ID] = &i
	return nil
}

func (s *State) endIncident(e Event) error {
	var b IncidentEndBody
	if err := e.Decode(&b); err != nil {
		return err
	}
	i := s.Incidents[b.ID]
	switch {
	case i == nil:
		return Errorf(ENOTFOUND, "no incident %q", b.ID)
	case !i.Open():
		return Errorf(ECONFLICT, "incident %s already ended", b.ID)
	}
	if err := s.manager(b.Staff); err != nil {
		return err
	}
	c := *i
	c.EndedAt = e.At
	s.Incidents[b.ID] = &c
	return nil
}

// incident checks what an issue says of an incident: a ticket about one
// names an incident declared (still open when the ticket was made, as far
// as the kiosk knew: it may arrive after the end), and only a visitor
// about an incident leaves informed.
func (s *State) incident(b IssueBody, at time.Time) error {
	if b.Incident == "" {
		if b.Informed {
			return Errorf(EINVALID, "only a visitor about an incident leaves informed")
		}
		return nil
	}
	i := s.Incidents[b.Incident]
	switch {
	case i == nil:
		return Errorf(EINVALID, "no incident %q", b.Incident)
	case !i.Open() && at.After(i.EndedAt):
		return Errorf(EINVALID, "incident %s ended at %s, before the ticket", b.Incident, i.EndedAt.Format(time.RFC3339))
	case b.Reason != i.Reason:
		return Errorf(EINVALID, "a ticket about incident %s waits for %s, not %s", b.Incident, i.Reason, b.Reason)
	}
	return nil
}
