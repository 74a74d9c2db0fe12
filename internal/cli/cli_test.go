package cli

import "testing"

func TestEnv(t *testing.T) {
	t.Setenv("ACCUEIL_STORE", "paris-9")
	t.Setenv("ACCUEIL_WINDOWED", "true")
	t.Setenv("ACCUEIL_SMS", "maybe")
	for _, tc := range []struct{ name, def, want string }{
		{"STORE", "store1", "paris-9"},
		{"DB", "var/hub.db", "var/hub.db"},
	} {
		if got := Env(tc.name, tc.def); got != tc.want {
			t.Errorf("Env(%s) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if !EnvBool("WINDOWED", false) || EnvBool("SMS", true) || !EnvBool("UNSET", true) {
		t.Error("EnvBool: want true from the environment, false for a non-boolean, the default when unset")
	}
}
