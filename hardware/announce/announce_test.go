package announce

import (
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"accueil/assets"
)

func TestText(t *testing.T) {
	for _, tc := range []struct {
		lang, number, counter string
		recall                bool
		want                  string
	}{
		{"fr", "A042", "3", false, "Numéro A 42, guichet 3"},
		{"fr", "S007", "12", true, "Rappel : numéro S 7, guichet 12"},
		{"fr", "R100", "1", false, "Numéro R 100, guichet 1"},
		{"en", "A042", "3", false, "Number A 42, counter 3"},
		{"en", "E000", "2", true, "Reminder: number E 0, counter 2"},
		{"en", "VIP", "2", false, "Number VIP, counter 2"},
		{"en", "42", "2", false, "Number 42, counter 2"},
	} {
		t.Run(tc.lang+"/"+tc.number, func(t *testing.T) {
			if err := assets.SetLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			if got := Text(tc.number, tc.counter, tc.recall); got != tc.want {
				t.Errorf("Text(%q, %q, %v) = %q, want %q", tc.number, tc.counter, tc.recall, got, tc.want)
			}
		})
	}
}

// wavData checks a PCM WAV file's RIFF header and returns the size of its
// data chunk.
func wavData(b []byte) (int, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return 0, errors.New("not a RIFF WAVE file")
	}
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:]))
		if id == "data" {
			return min(size, len(b)-p-8), nil
		}
		p += 8 + size + size%2
	}
	return 0, errors.New("no data chunk")
}

func TestChime(t *testing.T) {
	b := assets.Chime()
	n, err := wavData(b)
	if err != nil || n < 22050 {
		t.Errorf("chime: %d bytes of sound, %v", n, err)
	}
	if format := binary.LittleEndian.Uint16(b[20:]); format != 1 {
		t.Errorf("chime format %d, want 1 (PCM)", format)
	}
}

func TestWriteSpeech(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng is not installed")
	}
	for _, l := range []string{"fr", "en"} {
		t.Run(l, func(t *testing.T) {
			if err := assets.SetLanguage(l); err != nil {
				t.Fatal(err)
			}
			a := New(Config{Voice: true, Log: slog.New(slog.DiscardHandler)})
			path := filepath.Join(t.TempDir(), "call.wav")
			if err := a.WriteSpeech(context.Background(), Text("A042", "3", false), path); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := wavData(b); err != nil || n == 0 {
				t.Errorf("speech: %d bytes of sound, %v", n, err)
			}
		})
	}
}

func TestAnnounceSilent(t *testing.T) {
	a := New(Config{Log: slog.New(slog.DiscardHandler)})
	if a.player != nil {
		t.Skip("an audio player is installed: this test would make noise")
	}
	if err := a.Announce(context.Background(), "A042", "3", true); err != nil {
		t.Errorf("Announce without player nor voice = %v", err)
	}
}
