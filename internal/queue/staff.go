package queue

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"slices"
	"strings"
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

// Staff is a member of the store's team.
type Staff struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Role    Role     `json:"role"`
	Skills  []string `json:"skills,omitempty"`
	PINHash string   `json:"pin_hash"` // "salt$hash", both base64; see HashPIN
}

// CanServe reports whether s has the skill a reason needs.
func (s *Staff) CanServe(r *Reason) bool {
	return r.Skill == "" || slices.Contains(s.Skills, r.Skill)
}

const pinIterations = 10000

// NewStaff returns a staff member whose PIN is stored as a salted hash.
func NewStaff(id, name string, role Role, skills []string, pin string) Staff {
	return Staff{ID: id, Name: name, Role: role, Skills: skills, PINHash: HashPIN(pin)}
}

// HashPIN returns a salted PBKDF2-SHA256 hash of pin, as "salt$hash".
func HashPIN(pin string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	return encodePIN(salt, pin)
}

func encodePIN(salt []byte, pin string) string {
	key, _ := pbkdf2.Key(sha256.New, pin, salt, pinIterations, 32) // fails only for FIPS-invalid lengths
	enc := base64.RawStdEncoding
	return enc.EncodeToString(salt) + "$" + enc.EncodeToString(key)
}

// CheckPIN reports whether pin matches the staff member's hash.
func (s *Staff) CheckPIN(pin string) bool {
	salt64, _, ok := strings.Cut(s.PINHash, "$")
	salt, err := base64.RawStdEncoding.DecodeString(salt64)
	if !ok || err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(encodePIN(salt, pin)), []byte(s.PINHash)) == 1
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
