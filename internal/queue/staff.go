package queue

import (
	"slices"
	"time"
)

// Role is what a staff member does in the store.
type Role string

// Roles.
const (
	RoleOrienteur  Role = "orienteur"  // greets at the door and routes
	RoleConseiller Role = "conseiller" // serves at a counter
	RoleExpert     Role = "expert"     // solves problems, on appointment or not
	RoleManager    Role = "manager"    // all of the above, and the back office
)

// Staff is a member of the store's team. Their PIN is not part of the
// configuration: the hub alone keeps its hash, apart from the log (see
// accueil/internal/mqttsync Hub.CheckPIN).
type Staff struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Role   Role     `json:"role"`
	Skills []string `json:"skills,omitempty"`
	// PIN is the first PIN of a member of a new store's configuration,
	// handed to the hub once and never written to the log.
	PIN string `json:"-"`
}

// CanServe reports whether s has the skill a reason needs.
func (s *Staff) CanServe(r *Reason) bool {
	return r.Skill == "" || slices.Contains(s.Skills, r.Skill)
}

// NewStaff returns a staff member whose first PIN is pin ("": none yet).
func NewStaff(id, name string, role Role, skills []string, pin string) Staff {
	return Staff{ID: id, Name: name, Role: role, Skills: skills, PIN: pin}
}

// Session is a staff member's presence at a counter.
type Session struct {
	Staff    string    `json:"staff"`
	Counter  string    `json:"counter"`
	Device   string    `json:"device"`
	Since    time.Time `json:"since"`
	Paused   bool      `json:"paused"`
	Why      string    `json:"why,omitempty"`      // reason for the pause
	PausedAt time.Time `json:"paused_at,omitzero"` // when the pause began
}
