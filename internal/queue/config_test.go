package queue_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"accueil/internal/queue"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*queue.Config)
		code   string
	}{
		{"Default", func(*queue.Config) {}, ""},
		{"UTCWhenNoTimeZone", func(c *queue.Config) { c.TimeZone = "" }, ""},
		{"NoRecallAllowed", func(c *queue.Config) { c.RecallLimit = 0 }, ""},
		{"InvalidWhenNoStore", func(c *queue.Config) { c.Store = "" }, queue.EINVALID},
		{"InvalidWhenBadTimeZone", func(c *queue.Config) { c.TimeZone = "Mars/Olympus_Mons" }, queue.EINVALID},
		{"InvalidWhenNoReason", func(c *queue.Config) { c.Reasons = nil }, queue.EINVALID},
		{"InvalidWhenReasonWithoutCode", func(c *queue.Config) { c.Reasons[2].Code = "" }, queue.EINVALID},
		{"InvalidWhenPrefixEmpty", func(c *queue.Config) { c.Reasons[0].Prefix = "" }, queue.EINVALID},
		{"InvalidWhenPrefixLowercase", func(c *queue.Config) { c.Reasons[0].Prefix = "a" }, queue.EINVALID},
		{"InvalidWhenPrefixTwoLetters", func(c *queue.Config) { c.Reasons[0].Prefix = "AB" }, queue.EINVALID},
		{"InvalidWhenPrefixDigit", func(c *queue.Config) { c.Reasons[0].Prefix = "1" }, queue.EINVALID},
		{"InvalidWhenDuplicateCode", func(c *queue.Config) { c.Reasons[1].Code = c.Reasons[0].Code }, queue.EINVALID},
		{"InvalidWhenDuplicatePrefix", func(c *queue.Config) { c.Reasons[3].Prefix = c.Reasons[0].Prefix }, queue.EINVALID},
		{"InvalidWhenZeroSLA", func(c *queue.Config) { c.Reasons[0].SLAMinutes = 0 }, queue.EINVALID},
		{"InvalidWhenNegativeSLA", func(c *queue.Config) { c.Reasons[4].SLAMinutes = -5 }, queue.EINVALID},
		{"InvalidWhenNegativeRecallLimit", func(c *queue.Config) { c.RecallLimit = -1 }, queue.EINVALID},
		{"InvalidWhenZeroLeaseSize", func(c *queue.Config) { c.LeaseSize = 0 }, queue.EINVALID},
		{"InvalidWhenLeaseSizePastMax", func(c *queue.Config) { c.LeaseSize = queue.MaxNumber + 1 }, queue.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := copyConfig()
			tt.change(&c)
			if got := queue.ErrorCode(c.Validate()); got != tt.code {
				t.Fatalf("Validate() code = %q, want %q", got, tt.code)
			}
		})
	}
}

func TestConfigLocation(t *testing.T) {
	tests := []struct{ zone, want string }{
		{"Europe/Paris", "Europe/Paris"},
		{"", "UTC"},
		{"Mars/Olympus_Mons", "UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.want+"/"+tt.zone, func(t *testing.T) {
			c := queue.Config{TimeZone: tt.zone}
			if got := c.Location().String(); got != tt.want {
				t.Errorf("Location() = %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("ParisIsOneHourAheadInWinter", func(t *testing.T) {
		c := defaultConfig()
		if _, off := t0.In(c.Location()).Zone(); off != int(time.Hour/time.Second) {
			t.Errorf("offset = %ds", off)
		}
	})
}

func TestConfigLookups(t *testing.T) {
	c := defaultConfig()
	if r := c.Reason("sim"); r == nil || r.Prefix != "S" {
		t.Errorf("Reason(sim) = %+v", r)
	}
	if s := c.StaffMember("expert"); s == nil || s.Role != queue.RoleExpert {
		t.Errorf("StaffMember(expert) = %+v", s)
	}
	if k := c.Counter("c3"); k == nil || k.Name != "3" {
		t.Errorf("Counter(c3) = %+v", k)
	}
	if d := c.Device(kiosk); d == nil || d.Kind != queue.DeviceKiosk {
		t.Errorf("Device(kiosk-1) = %+v", d)
	}
	if c.Reason("x") != nil || c.StaffMember("x") != nil || c.Counter("x") != nil || c.Device("x") != nil {
		t.Error("a lookup of an unknown id is not nil")
	}
}

func TestTextIn(t *testing.T) {
	tests := []struct {
		name string
		text queue.Text
		lang string
		want string
	}{
		{"Lang", queue.Text{"fr": "Acheter", "en": "Buy"}, "en", "Buy"},
		{"FallsBackToFrench", queue.Text{"fr": "Acheter", "en": "Buy"}, "de", "Acheter"},
		{"FallsBackToAny", queue.Text{"en": "Buy"}, "de", "Buy"},
		{"Empty", nil, "fr", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.text.In(tt.lang); got != tt.want {
				t.Errorf("In(%s) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}

func TestErrorCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"Nil", nil, ""},
		{"Error", queue.Errorf(queue.EEMPTY, "nobody"), queue.EEMPTY},
		{"Wrapped", fmt.Errorf("call: %w", queue.Errorf(queue.ELIMIT, "recalls")), queue.ELIMIT},
		{"Other", errors.New("disk full"), queue.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := queue.ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if tt.err != nil {
				if got := queue.ErrorKey(tt.err); got != "error."+tt.code {
					t.Errorf("ErrorKey = %q", got)
				}
			}
		})
	}
}

func TestValidateIDsAndOutcomes(t *testing.T) {
	for name, change := range map[string]func(*queue.Config){
		"NoOutcome":    func(c *queue.Config) { c.Outcomes = nil },
		"CounterTwice": func(c *queue.Config) { c.Counters = append(c.Counters, c.Counters[0]) },
		"StaffTwice":   func(c *queue.Config) { c.Staff = append(c.Staff, c.Staff[0]) },
		"DeviceTwice":  func(c *queue.Config) { c.Devices = append(c.Devices, c.Devices[0]) },
	} {
		t.Run(name, func(t *testing.T) {
			c := copyConfig()
			change(&c)
			if code := queue.ErrorCode(c.Validate()); code != queue.EINVALID {
				t.Errorf("Validate = %q, want %q", code, queue.EINVALID)
			}
		})
	}
}

func TestConfigCheck(t *testing.T) {
	q := func(id string, opts ...string) queue.Question {
		out := queue.Question{ID: id, Text: queue.Text{"fr": "Q ?", "en": "Q?"}}
		for _, o := range opts {
			out.Options = append(out.Options, queue.Option{ID: o, Label: queue.Text{"fr": o, "en": o}})
		}
		return out
	}
	tests := []struct {
		name   string
		change func(*queue.Config)
		field  string // of the first problem; "" for none
		key    string
		level  queue.Level
	}{
		{"Default", func(*queue.Config) {}, "", "", 0},
		{"StoreEmpty", func(c *queue.Config) { c.Store = "" }, "store", "store_empty", queue.Broken},
		{"StoreLong", func(c *queue.Config) { c.Store = strings.Repeat("é", queue.MaxStoreName+1) }, "store", "store_long", queue.Refused},
		{"PrefixTwice", func(c *queue.Config) { c.Reasons[3].Prefix = "A" }, "reasons.0.prefix", "prefix_twice", queue.Broken},
		{"CodeUppercase", func(c *queue.Config) { c.Reasons[1].Code = "SIM" }, "reasons.1.code", "id", queue.Refused},
		{"NameInFrenchOnly", func(c *queue.Config) { c.Reasons[2].Name = queue.Text{"fr": "Expert"} }, "reasons.2.name", "name", queue.Refused},
		{"SLAPastMax", func(c *queue.Config) { c.Reasons[0].SLAMinutes = queue.MaxSLAMinutes + 1 }, "reasons.0.sla", "sla", queue.Refused},
		{"KindUnknown", func(c *queue.Config) { c.Reasons[0].Kind = "delivery" }, "reasons.0.kind", "kind", queue.Refused},
		{"SkillNotAnID", func(c *queue.Config) { c.Reasons[0].Skill = "Sales team" }, "reasons.0.skill", "skill", queue.Refused},
		{"QuestionOneOption", func(c *queue.Config) { c.Reasons[1].Questions = []queue.Question{q("what", "a")} }, "reasons.1.questions", "question_options", queue.Refused},
		{"QuestionTwice", func(c *queue.Config) {
			c.Reasons[1].Questions = []queue.Question{q("what", "a", "b"), q("what", "c", "d")}
		}, "reasons.1.questions", "question_id", queue.Refused},
		{"OptionTwice", func(c *queue.Config) { c.Reasons[1].Questions = []queue.Question{q("what", "a", "a")} }, "reasons.1.questions", "option_id", queue.Refused},
		{"QuestionInFrenchOnly", func(c *queue.Config) {
			c.Reasons[1].Questions = []queue.Question{q("what", "a", "b")}
			c.Reasons[1].Questions[0].Text = queue.Text{"fr": "Quoi ?"}
		}, "reasons.1.questions", "question_text", queue.Refused},
		{"RecallLimitPastMax", func(c *queue.Config) { c.RecallLimit = queue.MaxRecallLimit + 1 }, "recall_limit", "recall_limit", queue.Refused},
		{"RetentionTooLong", func(c *queue.Config) { c.RetentionDays = queue.MaxRetentionDays + 1 }, "retention_days", "retention", queue.Broken},
		{"OutcomeUnknown", func(c *queue.Config) { c.Outcomes = append(c.Outcomes, "teleported") }, "outcomes", "outcome", queue.Refused},
		{"CounterWithoutName", func(c *queue.Config) { c.Counters[1].Name = "" }, "counters.1.name", "name_empty", queue.Refused},
		{"StaffTwice", func(c *queue.Config) { c.Staff[2].ID = "orient" }, "staff.1.id", "id_twice", queue.Broken},
		{"RoleUnknown", func(c *queue.Config) { c.Staff[2].Role = "boss" }, "staff.2.role", "role", queue.Refused},
		{"NoManagerLeft", func(c *queue.Config) { c.Staff[0].Role = queue.RoleExpert }, "staff", "no_manager", queue.Refused},
		{"HoursReversed", func(c *queue.Config) { c.Hours = []queue.Opening{{Day: time.Monday, Open: "19:00", Close: "09:30"}} }, "hours.1", "hours", queue.Refused},
		{"HoursNotATime", func(c *queue.Config) { c.Hours = []queue.Opening{{Day: time.Tuesday, Open: "9h", Close: "19:00"}} }, "hours.2", "hours", queue.Refused},
		{"HoursTwice", func(c *queue.Config) {
			c.Hours = []queue.Opening{{Day: time.Friday, Open: "09:00", Close: "12:00"}, {Day: time.Friday, Open: "14:00", Close: "19:00"}}
		}, "hours.5", "hours_day", queue.Refused},
		{"SuggestionLosesItsAnswer", func(c *queue.Config) { c.Reasons[0].Questions[0].Options = c.Reasons[0].Questions[0].Options[1:] }, "reasons.0.questions", "rebond_answer", queue.Broken},
		{"Hours", func(c *queue.Config) { c.Hours = []queue.Opening{{Day: time.Saturday, Open: "09:30", Close: "19:00"}} }, "", "", 0},
		{"WarnedWhenNobodyHasTheSkill", func(c *queue.Config) { c.Reasons[0].Skill = "repair" }, "reasons.0.skill", "unserved", queue.Warned},
		{"WarnedWhenNoCounterTakesIt", func(c *queue.Config) {
			c.Counters = c.Counters[2:] // the experts' only
		}, "reasons.0.skill", "unserved", queue.Warned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := queue.DefaultConfig()
			tt.change(&c)
			ps := c.Check()
			if tt.field == "" {
				if len(ps) > 0 {
					t.Fatalf("problems %+v, want none", ps)
				}
				return
			}
			if len(ps) == 0 {
				t.Fatalf("no problem, want %s at %s", tt.key, tt.field)
			}
			if p := ps[0]; p.Field != tt.field || p.Key != tt.key || p.Level != tt.level {
				t.Errorf("first problem %+v, want %s at %s, level %d", p, tt.key, tt.field, tt.level)
			}
			if broken := c.Validate() != nil; broken != (tt.level == queue.Broken) {
				t.Errorf("Validate refuses it: %v, want %v", broken, tt.level == queue.Broken)
			}
		})
	}
}

// TestConfigChange: a reason removed keeps its name for the history, once
// its tickets are done; removed while one waits, the change is refused.
func TestConfigChange(t *testing.T) {
	s := newState(t)
	id := issue(t, s, "other", t0).ID
	next := s.Config.Clone()
	next.RemoveReason("other")
	ps := s.CheckChange(&next)
	if len(ps) == 0 || ps[0].Key != "reason_in_use" || ps[0].Level != queue.Refused {
		t.Fatalf("problems %+v, want the reason in use refused", ps)
	}
	mustApply(t, s, tablet, queue.TicketCancelled, t0.Add(time.Minute), queue.CancelBody{Ticket: id, Staff: "orient"})
	if ps := s.CheckChange(&next); len(ps) > 0 {
		t.Fatalf("problems %+v once its ticket is done", ps)
	}
	mustApply(t, s, hub, queue.ConfigChanged, t0.Add(2*time.Minute), queue.ConfigBody{Config: next, By: "manager"})
	if s.Config.Reason("other") != nil {
		t.Fatal("the reason is still configured")
	}
	if got := s.Config.ReasonName("other").In("en"); got != "Something else" {
		t.Errorf("its name in the history: %q", got)
	}
	if s.Config.ReasonName("purchase").In("fr") != "Acheter" {
		t.Error("a reason configured has lost its name")
	}
	before := defaultConfig()
	if got := s.Config.Changed(&before); !slices.Equal(got, []string{"reasons"}) {
		t.Errorf("Changed = %v, want the reasons", got)
	}
}
