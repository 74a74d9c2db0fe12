package queue

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"time"
)

// Level is how bad a Problem is.
type Level int

// Levels of problems, worst first.
const (
	Broken  Level = iota // the store cannot run on it: the log refuses it (Validate)
	Refused              // a manager may not save it (a name in one language only, ...)
	Warned               // saved, but the manager is told (a reason nobody can serve)
)

// Problem is one thing wrong with a configuration, at one field.
type Problem struct {
	Field   string // where: "store", "reasons.2.prefix", "staff.1.role", "hours.1"
	Key     string // the sentence to show a person: translation "config.problem.<Key>"
	Message string // the same, in English, for logs
	Level   Level
}

// MaxSLAMinutes, MaxRecallLimit and MaxStoreName bound what a manager may
// set.
const (
	MaxSLAMinutes  = 240
	MaxRecallLimit = 9
	MaxStoreName   = 60
)

// idPattern is the form of codes and ids a manager types: reasons,
// counters, staff, skills, questions and options.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// reasonKinds are the kinds of reason: a plain visit, or one that asks
// for an appointment's or an order's code.
var reasonKinds = []string{"", "appointment", "pickup"}

// Outcomes returns the outcomes a store may offer at the end of a visit
// (each has its sentence in the counter's translations).
func Outcomes() []string {
	return []string{"resolved", "sale", OutcomeSIMReplaced, "follow_up", "sent_elsewhere"}
}

// Roles returns the roles of staff.
func Roles() []Role { return []Role{RoleOrienteur, RoleConseiller, RoleExpert, RoleManager} }

// checker gathers problems.
type checker struct{ out []Problem }

func (k *checker) add(level Level, field, key, format string, args ...any) {
	k.out = append(k.out, Problem{Field: field, Key: key, Message: fmt.Sprintf(format, args...), Level: level})
}

// Check returns every problem of c, worst first: Broken ones keep a store
// from running, Refused ones from being saved by a manager, Warned ones
// are only told.
func (c *Config) Check() []Problem {
	k := &checker{}
	switch {
	case c.Store == "":
		k.add(Broken, "store", "store_empty", "store name is empty")
	case len([]rune(c.Store)) > MaxStoreName:
		k.add(Refused, "store", "store_long", "store name longer than %d characters", MaxStoreName)
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		k.add(Broken, "time_zone", "time_zone", "unknown time zone %q", c.TimeZone)
	}
	c.checkReasons(k)
	switch {
	case c.RecallLimit < 0:
		k.add(Broken, "recall_limit", "recall_limit", "recall limit is negative")
	case c.RecallLimit > MaxRecallLimit:
		k.add(Refused, "recall_limit", "recall_limit", "recall limit past %d", MaxRecallLimit)
	}
	if c.LeaseSize <= 0 || c.LeaseSize > MaxNumber {
		k.add(Broken, "lease_size", "lease_size", "lease size must be 1 to %d", MaxNumber)
	}
	if c.RetentionDays < 0 || c.RetentionDays > MaxRetentionDays {
		k.add(Broken, "retention_days", "retention", "personal data is kept 1 to %d days", MaxRetentionDays)
	}
	if len(c.Outcomes) == 0 {
		k.add(Broken, "outcomes", "no_outcome", "no outcome configured: services could not be finished")
	}
	for _, o := range c.Outcomes {
		if !slices.Contains(Outcomes(), o) {
			k.add(Refused, "outcomes", "outcome", "unknown outcome %q", o)
		}
	}
	c.checkPeople(k)
	c.checkHours(k)
	c.checkRebonds(k)
	c.checkServed(k)
	slices.SortStableFunc(k.out, func(a, b Problem) int { return int(a.Level - b.Level) })
	return k.out
}

func (c *Config) checkReasons(k *checker) {
	if len(c.Reasons) == 0 {
		k.add(Broken, "reasons", "no_reason", "no reason configured")
	}
	for i, r := range c.Reasons {
		f := func(name string) string { return fmt.Sprintf("reasons.%d.%s", i, name) }
		switch {
		case r.Code == "":
			k.add(Broken, f("code"), "code_empty", "reason %d has no code", i)
		case countBy(c.Reasons, r.Code, func(x Reason) string { return x.Code }) > 1:
			k.add(Broken, f("code"), "code_twice", "reason %s configured twice", r.Code)
		case !idPattern.MatchString(r.Code):
			k.add(Refused, f("code"), "id", "reason code %q: lowercase letters, digits, - and _", r.Code)
		}
		switch {
		case len(r.Prefix) != 1 || r.Prefix[0] < 'A' || r.Prefix[0] > 'Z':
			k.add(Broken, f("prefix"), "prefix", "reason %s: prefix must be one capital letter", r.Code)
		case countBy(c.Reasons, r.Prefix, func(x Reason) string { return x.Prefix }) > 1:
			k.add(Broken, f("prefix"), "prefix_twice", "prefix %s used by two reasons", r.Prefix)
		}
		if r.Name["fr"] == "" || r.Name["en"] == "" {
			k.add(Refused, f("name"), "name", "reason %s: its name is needed in French and English", r.Code)
		}
		switch {
		case r.SLAMinutes <= 0:
			k.add(Broken, f("sla"), "sla", "reason %s: SLA must be positive", r.Code)
		case r.SLAMinutes > MaxSLAMinutes:
			k.add(Refused, f("sla"), "sla", "reason %s: SLA past %d minutes", r.Code, MaxSLAMinutes)
		}
		if r.Skill != "" && !idPattern.MatchString(r.Skill) {
			k.add(Refused, f("skill"), "skill", "reason %s: skill %q is not an id", r.Code, r.Skill)
		}
		if !slices.Contains(reasonKinds, r.Kind) {
			k.add(Refused, f("kind"), "kind", "reason %s: unknown kind %q", r.Code, r.Kind)
		}
		checkQuestions(k, f("questions"), r)
	}
}

// checkQuestions checks r's questions: ids of their own, texts in French
// and English, two options at least.
func checkQuestions(k *checker, field string, r Reason) {
	for _, q := range r.Questions {
		switch {
		case !idPattern.MatchString(q.ID) || countBy(r.Questions, q.ID, func(x Question) string { return x.ID }) > 1:
			k.add(Refused, field, "question_id", "reason %s: question id %q missing, malformed or twice", r.Code, q.ID)
		case q.Text["fr"] == "" || q.Text["en"] == "":
			k.add(Refused, field, "question_text", "reason %s: question %s needs its text in French and English", r.Code, q.ID)
		case len(q.Options) < 2:
			k.add(Refused, field, "question_options", "reason %s: question %s needs two answers at least", r.Code, q.ID)
		}
		for _, o := range q.Options {
			switch {
			case !idPattern.MatchString(o.ID) || countBy(q.Options, o.ID, func(x Option) string { return x.ID }) > 1:
				k.add(Refused, field, "option_id", "reason %s: answer id %q of %s missing, malformed or twice", r.Code, o.ID, q.ID)
			case o.Label["fr"] == "" || o.Label["en"] == "":
				k.add(Refused, field, "option_text", "reason %s: answer %s of %s needs its text in French and English", r.Code, o.ID, q.ID)
			}
		}
	}
}

// checkPeople checks counters, staff and devices: ids of their own, names,
// roles, skills; and a manager left to open the back office.
func (c *Config) checkPeople(k *checker) {
	for i, x := range c.Counters {
		checkMember(k, fmt.Sprintf("counters.%d.", i), "counter", x.ID, x.Name, x.Skills, countBy(c.Counters, x.ID, func(y Counter) string { return y.ID }))
	}
	for i, x := range c.Staff {
		checkMember(k, fmt.Sprintf("staff.%d.", i), "staff", x.ID, x.Name, x.Skills, countBy(c.Staff, x.ID, func(y Staff) string { return y.ID }))
		if !slices.Contains(Roles(), x.Role) {
			k.add(Refused, fmt.Sprintf("staff.%d.role", i), "role", "staff %s: unknown role %q", x.ID, x.Role)
		}
	}
	for i, x := range c.Devices {
		if countBy(c.Devices, x.ID, func(y Device) string { return y.ID }) > 1 {
			k.add(Broken, fmt.Sprintf("devices.%d.id", i), "id_twice", "device %s configured twice", x.ID)
		}
	}
	if !slices.ContainsFunc(c.Staff, func(s Staff) bool { return s.Role == RoleManager }) {
		k.add(Refused, "staff", "no_manager", "no manager left to open the back office")
	}
}

// checkMember checks a counter or a staff member, which is there n times.
func checkMember(k *checker, field, what, id, name string, skills []string, n int) {
	switch {
	case n > 1:
		k.add(Broken, field+"id", "id_twice", "%s %s configured twice", what, id)
	case !idPattern.MatchString(id):
		k.add(Refused, field+"id", "id", "%s id %q: lowercase letters, digits, - and _", what, id)
	}
	if name == "" {
		k.add(Refused, field+"name", "name_empty", "%s %s has no name", what, id)
	}
	for _, s := range skills {
		if !idPattern.MatchString(s) {
			k.add(Refused, field+"skills", "skill", "%s %s: skill %q is not an id", what, id, s)
		}
	}
}

// checkHours checks the opening hours: each day once, from a time to a
// later one.
func (c *Config) checkHours(k *checker) {
	for _, h := range c.Hours {
		field := fmt.Sprintf("hours.%d", h.Day)
		open, oerr := time.Parse("15:04", h.Open)
		end, eerr := time.Parse("15:04", h.Close)
		switch {
		case h.Day < time.Sunday || h.Day > time.Saturday || countBy(c.Hours, h.Day, func(x Opening) time.Weekday { return x.Day }) > 1:
			k.add(Refused, field, "hours_day", "opening hours of day %d given twice or unknown", h.Day)
		case oerr != nil || eerr != nil || !end.After(open):
			k.add(Refused, field, "hours", "opening hours of day %d: %q to %q is not a time to a later one", h.Day, h.Open, h.Close)
		}
	}
}

// checkServed warns of reasons nobody can serve: no staff member with
// their skill, or no counter that takes them.
func (c *Config) checkServed(k *checker) {
	for i, r := range c.Reasons {
		staffed := slices.ContainsFunc(c.Staff, func(s Staff) bool { return s.servesAtCounter() && s.CanServe(&r) })
		desk := slices.ContainsFunc(c.Counters, func(x Counter) bool { return x.serves(&r) })
		if !staffed || !desk {
			k.add(Warned, fmt.Sprintf("reasons.%d.skill", i), "unserved", "reason %s: no staff member or counter can serve it", r.Code)
		}
	}
}

// countBy counts the xs whose key is key.
func countBy[T any, K comparable](xs []T, key K, keyOf func(T) K) int {
	n := 0
	for _, x := range xs {
		if keyOf(x) == key {
			n++
		}
	}
	return n
}

// keepFormer carries into c, which replaces old, the names of old's
// reasons c no longer has, and of those old kept already.
func (c *Config) keepFormer(old *Config) {
	former := maps.Clone(old.Former)
	for _, r := range old.Reasons {
		if c.Reason(r.Code) == nil {
			if former == nil {
				former = map[string]Text{}
			}
			former[r.Code] = r.Name
		}
	}
	for _, r := range c.Reasons {
		delete(former, r.Code)
	}
	if len(former) > 0 {
		c.Former = former
	}
}

// RemoveReason removes the reason with code, and the suggestions made for
// it. Its name stays in the history (see Former).
func (c *Config) RemoveReason(code string) {
	c.Reasons = slices.DeleteFunc(c.Reasons, func(r Reason) bool { return r.Code == code })
	c.Rebonds = slices.DeleteFunc(c.Rebonds, func(r Rebond) bool { return r.Reason == code })
}

// CheckChange returns the problems of next, the configuration that would
// replace s's: those of next.Check, and, Refused, a reason removed while
// tickets of it wait or are served, a staff member or a counter removed
// while a session uses them (finish, or log out, first).
func (s *State) CheckChange(next *Config) []Problem {
	k := &checker{out: next.Check()}
	for _, t := range s.Tickets {
		if next.Reason(t.Reason) == nil && s.Config.Reason(t.Reason) != nil && t.Status.Open() {
			k.add(Refused, "reasons", "reason_in_use", "reason %s still has ticket %s %s", t.Reason, t.Number, t.Status)
			break
		}
	}
	for _, ss := range s.Sessions {
		switch {
		case next.StaffMember(ss.Staff) == nil:
			k.add(Refused, "staff", "staff_in_use", "staff member %s is logged in", ss.Staff)
		case ss.Counter != "" && next.Counter(ss.Counter) == nil:
			k.add(Refused, "counters", "counter_in_use", "%s works at counter %s", ss.Staff, ss.Counter)
		}
	}
	slices.SortStableFunc(k.out, func(a, b Problem) int { return int(a.Level - b.Level) })
	return k.out
}
