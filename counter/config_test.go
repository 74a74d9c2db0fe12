package main

import (
	"testing"

	"accueil/internal/cli"
)

func TestParseFlags(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		c, err := ParseFlags(nil)
		if err != nil {
			t.Fatal(err)
		}
		want := Config{cli.DeviceConfig{Store: "store1", Device: "counter-1", Broker: "tcp://127.0.0.1:1883", DB: "var/counter-1.db", Lang: "fr", Hub: "http://127.0.0.1:8080"}}
		if c != want {
			t.Fatalf("%+v, want %+v", c, want)
		}
	})
	t.Run("Env", func(t *testing.T) {
		t.Setenv("ACCUEIL_DEVICE", "counter-2")
		t.Setenv("ACCUEIL_WINDOWED", "true")
		c, err := ParseFlags([]string{"--lang", "en"})
		if err != nil || c.Device != "counter-2" || c.DB != "var/counter-2.db" || !c.Windowed || c.Lang != "en" {
			t.Fatalf("%+v, %v", c, err)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		for _, args := range [][]string{{"--lang", "de"}, {"--device", "a/b"}, {"--broker", "localhost"}} {
			if _, err := ParseFlags(args); err == nil {
				t.Errorf("%v accepted", args)
			}
		}
	})
}
