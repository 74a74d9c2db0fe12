package queue_test

import (
	"errors"
	"fmt"
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
