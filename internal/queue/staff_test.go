package queue_test

import (
	"testing"

	"accueil/internal/queue"
)

func TestCheckPIN(t *testing.T) {
	st := queue.NewStaff("x", "Xavier", queue.RoleConseiller, nil, "4321")
	tests := []struct {
		name string
		hash string
		pin  string
		want bool
	}{
		{"Right", st.PINHash, "4321", true},
		{"Wrong", st.PINHash, "1234", false},
		{"Empty", st.PINHash, "", false},
		{"NoHash", "", "4321", false},
		{"NoSeparator", "c2FsdA", "4321", false},
		{"BadSalt", "!!!$" + st.PINHash, "4321", false},
		{"OtherHash", queue.HashPIN("0000"), "4321", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := queue.Staff{PINHash: tt.hash}
			if got := s.CheckPIN(tt.pin); got != tt.want {
				t.Errorf("CheckPIN(%q) = %v, want %v", tt.pin, got, tt.want)
			}
		})
	}
	t.Run("Salted", func(t *testing.T) {
		a, b := queue.HashPIN("4321"), queue.HashPIN("4321")
		if a == b {
			t.Fatal("two hashes of one PIN are equal: no salt")
		}
		for _, h := range []string{a, b} {
			if s := (queue.Staff{PINHash: h}); !s.CheckPIN("4321") {
				t.Errorf("CheckPIN fails on %s", h)
			}
		}
	})
	t.Run("DefaultStaff", func(t *testing.T) {
		for _, s := range defaultConfig().Staff {
			if !s.CheckPIN("1234") || s.CheckPIN("0000") {
				t.Errorf("%s: default PIN is not 1234", s.ID)
			}
		}
	})
}

func TestCanServe(t *testing.T) {
	cfg := defaultConfig()
	tests := []struct {
		staff, reason string
		want          bool
	}{
		{"conseil", "purchase", true},
		{"conseil", "sim", true},
		{"conseil", "expert", false},
		{"conseil", "other", true},
		{"expert", "expert", true},
		{"expert", "appointment", true},
		{"expert", "purchase", false},
		{"expert", "other", true},
		{"manager", "expert", true},
		{"manager", "pickup", true},
	}
	for _, tt := range tests {
		t.Run(tt.staff+"/"+tt.reason, func(t *testing.T) {
			if got := cfg.StaffMember(tt.staff).CanServe(cfg.Reason(tt.reason)); got != tt.want {
				t.Errorf("CanServe = %v, want %v", got, tt.want)
			}
		})
	}
}
