package queue

import (
	"encoding/json"
	"reflect"
	"slices"
	"time"
)

// Text is a string in each language, keyed by language code ("fr", "en").
// Configured texts (reason names, questions) live in the store's
// configuration, so they come with their translations.
type Text map[string]string

// In returns the text in lang, falling back to French, then to any text.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	if s, ok := t["fr"]; ok {
		return s
	}
	for _, s := range t {
		return s
	}
	return ""
}

// Reason is why a visitor came, and the service that answers it.
type Reason struct {
	Code       string     `json:"code"`   // "purchase"
	Prefix     string     `json:"prefix"` // one capital letter on the ticket: "A"
	Name       Text       `json:"name"`
	Icon       string     `json:"icon,omitempty"`
	SLAMinutes int        `json:"sla_minutes"`         // target wait
	Skill      string     `json:"skill,omitempty"`     // staff skill needed to serve it
	Questions  []Question `json:"questions,omitempty"` // asked by the kiosk, answers go on the ticket
	Reminder   Text       `json:"reminder,omitempty"`  // e.g. "have an ID document ready"
	Kind       string     `json:"kind,omitempty"`      // "", "appointment" or "pickup": asks for a code
}

// Question is a follow-up question with a short list of answers.
type Question struct {
	ID      string   `json:"id"`
	Text    Text     `json:"text"`
	Options []Option `json:"options"`
}

// Option is one answer to a Question.
type Option struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
}

// Counter is a desk where staff serve visitors.
type Counter struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Skills []string `json:"skills,omitempty"`
}

// Device is an enrolled kiosk, tablet or display. Events from any other
// device are refused.
type Device struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // DeviceKiosk, DeviceCounter, DeviceDisplay, DeviceHub
}

// Device kinds.
const (
	DeviceHub     = "hub"
	DeviceKiosk   = "kiosk"
	DeviceCounter = "counter"
	DeviceDisplay = "display"
)

// Config is the configuration of a store, itself changed by an event.
type Config struct {
	Store            string    `json:"store"` // shown on screens and tickets
	TimeZone         string    `json:"time_zone"`
	Reasons          []Reason  `json:"reasons"`
	Counters         []Counter `json:"counters"`
	Staff            []Staff   `json:"staff"`
	Devices          []Device  `json:"devices"`
	Outcomes         []string  `json:"outcomes"`          // "resolved", "sale", ...
	RecallLimit      int       `json:"recall_limit"`      // recalls allowed before no-show
	AppointmentEarly int       `json:"appointment_early"` // minutes before its time an appointment counts as due
	AppointmentLate  int       `json:"appointment_late"`  // minutes after its time it still does
	LeaseSize        int       `json:"lease_size"`        // numbers leased to a device at a time
	RetentionDays    int       `json:"retention_days"`    // days personal data is kept; 0: DefaultRetention
	Rebonds          []Rebond  `json:"rebonds,omitempty"` // suggestions to the staff, first match wins
	Hours            []Opening `json:"hours,omitempty"`   // opening hours, by weekday; a day not listed is closed
	// Former keeps the names of reasons no longer configured, by code, so
	// the history of their tickets keeps them (see State.Apply).
	Former map[string]Text `json:"former_reasons,omitempty"`
}

// Opening is when the store is open on a day of the week: from Open to
// Close, "HH:MM" in its time zone.
type Opening struct {
	Day   time.Weekday `json:"day"`
	Open  string       `json:"open"`
	Close string       `json:"close"`
}

// ConfigBody is the body of ConfigChanged: the whole configuration and the
// staff member who changed it ("" for the hub's own, a new store's).
type ConfigBody struct {
	Config
	By string `json:"by,omitempty"`
}

// ReasonName returns the name of the reason with code, configured or
// former; nil when none.
func (c *Config) ReasonName(code string) Text {
	if r := c.Reason(code); r != nil {
		return r.Name
	}
	return c.Former[code]
}

// Clone returns a deep copy of c, to change without touching c.
func (c *Config) Clone() Config {
	var out Config
	b, _ := json.Marshal(c)
	json.Unmarshal(b, &out) // first PINs (Staff.PIN) stay out of the copy
	return out
}

// Retention of visitors' personal data (phone numbers, customer
// references, notes, comments): by default, and at most.
const (
	DefaultRetention = 30 * 24 * time.Hour
	MaxRetentionDays = 3 * 365
)

// Retention returns how long visitors' personal data is kept.
func (c *Config) Retention() time.Duration {
	if c.RetentionDays <= 0 {
		return DefaultRetention
	}
	return time.Duration(c.RetentionDays) * 24 * time.Hour
}

// Location returns the store's time zone, UTC when unset or unknown.
func (c *Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "" {
		return time.UTC
	}
	return loc
}

// Reason returns the reason with code, or nil.
func (c *Config) Reason(code string) *Reason {
	return find(c.Reasons, code, func(r Reason) string { return r.Code })
}

// StaffMember returns the staff member with id, or nil.
func (c *Config) StaffMember(id string) *Staff {
	return find(c.Staff, id, func(s Staff) string { return s.ID })
}

// Counter returns the counter with id, or nil.
func (c *Config) Counter(id string) *Counter {
	return find(c.Counters, id, func(x Counter) string { return x.ID })
}

// Device returns the enrolled device with id, or nil.
func (c *Config) Device(id string) *Device {
	return find(c.Devices, id, func(d Device) string { return d.ID })
}

// find returns the element of xs whose key is key, or nil.
func find[T any](xs []T, key string, keyOf func(T) string) *T {
	i := slices.IndexFunc(xs, func(x T) bool { return keyOf(x) == key })
	if i < 0 {
		return nil
	}
	return &xs[i]
}

// Validate checks that the configuration can run a store: its first
// problem that is Broken, as an EINVALID error. The log's fold refuses
// such a configuration; rules of the editor (Check) are not asked, so a
// log written under earlier rules still folds.
func (c *Config) Validate() error {
	for _, p := range c.Check() {
		if p.Level == Broken {
			return Errorf(EINVALID, "%s: %s", p.Field, p.Message)
		}
	}
	return nil
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

// DefaultConfig is the configuration of a new store: the five default
// reasons, three counters, a manager, an orienteur, a conseiller and an
// expert (without PINs: the hub sets them), a kiosk, two tablets and a
// display.
func DefaultConfig() Config {
	opt := func(id, fr, en string) Option { return Option{ID: id, Label: Text{"fr": fr, "en": en}} }
	return Config{
		Store:    "Boutique Accueil",
		TimeZone: "Europe/Paris",
		Reasons: []Reason{
			{Code: "purchase", Prefix: "A", Icon: "purchase", SLAMinutes: 10, Skill: "sales",
				Name: Text{"fr": "Acheter", "en": "Buy"},
				Questions: []Question{{ID: "what", Text: Text{"fr": "Que souhaitez-vous ?", "en": "What would you like?"},
					Options: []Option{opt("new_line", "Une nouvelle ligne", "A new line"), opt("renew", "Changer de téléphone", "A new phone"),
						opt("box", "Une box internet", "An internet box"), opt("accessory", "Un accessoire", "An accessory")}}}},
			{Code: "sim", Prefix: "S", Icon: "sim", SLAMinutes: 10, Skill: "sim",
				Name:     Text{"fr": "Changer ma carte SIM", "en": "Replace my SIM card"},
				Reminder: Text{"fr": "Préparez une pièce d'identité.", "en": "Please have an ID document ready."},
				Questions: []Question{{ID: "why", Text: Text{"fr": "Pourquoi ?", "en": "Why?"},
					Options: []Option{opt("lost", "Perdue", "Lost"), opt("stolen", "Volée", "Stolen"), opt("damaged", "Abîmée", "Damaged"),
						opt("format", "Changer de format", "Change size"), opt("esim", "Passer à l'eSIM", "Switch to eSIM")}}}},
			{Code: "expert", Prefix: "E", Icon: "expert", SLAMinutes: 20, Skill: "expert",
				Name: Text{"fr": "Un expert pour m'aider", "en": "An expert to help me"},
				Questions: []Question{
					{ID: "device", Text: Text{"fr": "Pour quel appareil ?", "en": "Which device?"},
						Options: []Option{opt("phone", "Téléphone", "Phone"), opt("box", "Box internet", "Internet box"), opt("account", "Mon compte", "My account")}},
					{ID: "problem", Text: Text{"fr": "Quel est le problème ?", "en": "What is wrong?"},
						Options: []Option{opt("broken", "Ne marche plus", "Does not work"), opt("network", "Pas de réseau", "No network"),
							opt("setup", "Installation", "Set-up"), opt("bill", "Facture", "Bill")}}}},
			{Code: "appointment", Prefix: "R", Icon: "appointment", SLAMinutes: 5, Skill: "expert", Kind: "appointment",
				Name: Text{"fr": "J'ai un rendez-vous", "en": "I have an appointment"}},
			{Code: "pickup", Prefix: "W", Icon: "pickup", SLAMinutes: 5, Skill: "sales", Kind: "pickup",
				Name: Text{"fr": "Retirer une commande web", "en": "Collect a web order"}},
			{Code: "other", Prefix: "I", Icon: "other", SLAMinutes: 15, Skill: "",
				Name: Text{"fr": "Autre demande", "en": "Something else"}},
		},
		Counters: []Counter{
			{ID: "c1", Name: "1", Skills: []string{"sales", "sim"}},
			{ID: "c2", Name: "2", Skills: []string{"sales", "sim"}},
			{ID: "c3", Name: "3", Skills: []string{"expert"}},
		},
		Staff: []Staff{
			NewStaff("manager", "Marie", RoleManager, []string{"sales", "sim", "expert"}, ""),
			NewStaff("orient", "Olivier", RoleOrienteur, []string{"sales", "sim"}, ""),
			NewStaff("conseil", "Chloé", RoleConseiller, []string{"sales", "sim"}, ""),
			NewStaff("expert", "Eric", RoleExpert, []string{"expert"}, ""),
		},
		Devices: []Device{
			{ID: "hub", Kind: DeviceHub}, {ID: "kiosk-1", Kind: DeviceKiosk},
			{ID: "counter-1", Kind: DeviceCounter}, {ID: "counter-2", Kind: DeviceCounter},
			{ID: "display-1", Kind: DeviceDisplay},
		},
		Outcomes:         []string{"resolved", "sale", OutcomeSIMReplaced, "follow_up", "sent_elsewhere"},
		RecallLimit:      2,
		AppointmentEarly: 10,
		AppointmentLate:  15,
		LeaseSize:        50,
		Rebonds: []Rebond{
			{ID: "fibre", Reason: "expert", Answers: map[string]string{"device": "box", "problem": "network"},
				Text: Text{"fr": "Proposer le test d'éligibilité à la fibre", "en": "Propose the fibre eligibility check"}},
			{ID: "family", Reason: "purchase", Answers: map[string]string{"what": "new_line"},
				Text: Text{"fr": "Parler de l'offre famille", "en": "Mention the family plan"}},
		},
	}
}

// Changed returns the parts of the configuration that differ from old to
// c, for the history of changes: "store", "reasons", "counters", "staff",
// "hours", "outcomes", "limits" (recalls, retention, appointments,
// leases), "devices".
func (c *Config) Changed(old *Config) []string {
	var out []string
	for _, p := range []struct {
		name string
		a, b any
	}{
		{"store", []any{c.Store, c.TimeZone}, []any{old.Store, old.TimeZone}},
		{"reasons", []any{c.Reasons, c.Rebonds}, []any{old.Reasons, old.Rebonds}},
		{"counters", c.Counters, old.Counters},
		{"staff", c.Staff, old.Staff},
		{"hours", c.Hours, old.Hours},
		{"outcomes", c.Outcomes, old.Outcomes},
		{"limits", []int{c.RecallLimit, c.RetentionDays, c.AppointmentEarly, c.AppointmentLate, c.LeaseSize},
			[]int{old.RecallLimit, old.RetentionDays, old.AppointmentEarly, old.AppointmentLate, old.LeaseSize}},
		{"devices", c.Devices, old.Devices},
	} {
		if !reflect.DeepEqual(p.a, p.b) {
			out = append(out, p.name)
		}
	}
	return out
}
