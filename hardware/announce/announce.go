// Package announce calls a visitor: a chime, then, when enabled, a voice
// saying "Numéro A 42, guichet 3" in the current language.
//
// The chime is played with paplay or aplay and the voice spoken with
// espeak-ng, when they are installed; otherwise the announcer logs it once
// and stays silent. The chime itself is assets/sounds/chime.wav, generated
// by internal/chimegen:
//
//go:generate go run ./internal/chimegen -o ../../assets/sounds/chime.wav
package announce

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"accueil/assets"
	"fyne.io/fyne/v2/lang"
)

// Config tunes an Announcer.
type Config struct {
	Voice bool         // speak the number after the chime
	Log   *slog.Logger // nil means slog.Default()
}

// Announcer plays calls one after the other.
type Announcer struct {
	voice  bool
	log    *slog.Logger
	player []string // command playing a WAV file from its standard input
	espeak string

	mu sync.Mutex // one announcement at a time
}

// players play a WAV file read from standard input, the first found wins.
var players = [][]string{{"paplay"}, {"aplay", "-q", "-"}}

// New returns an announcer using the players installed on this machine.
func New(cfg Config) *Announcer {
	a := &Announcer{voice: cfg.Voice, log: cfg.Log}
	if a.log == nil {
		a.log = slog.Default()
	}
	for _, p := range players {
		if path, err := exec.LookPath(p[0]); err == nil {
			a.player = append([]string{path}, p[1:]...)
			break
		}
	}
	if a.player == nil {
		a.log.Info("announce: no paplay or aplay, the chime stays silent")
	}
	if path, err := exec.LookPath("espeak-ng"); err == nil {
		a.espeak = path
	} else if a.voice {
		a.log.Info("announce: no espeak-ng, calls are not spoken")
	}
	return a
}

// Announce plays the chime and says the call; a recall says it twice.
func (a *Announcer) Announce(ctx context.Context, number, counter string, recall bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.player != nil {
		cmd := exec.CommandContext(ctx, a.player[0], a.player[1:]...)
		cmd.Stdin = bytes.NewReader(assets.Chime())
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("announce: chime: %w: %s", err, out)
		}
	}
	if !a.voice || a.espeak == "" {
		return nil
	}
	text := Text(number, counter, recall)
	if recall {
		text += ". " + text
	}
	return a.speak(ctx, text, "")
}

// WriteSpeech writes text as spoken by espeak-ng to the WAV file path,
// for a display that plays it itself.
func (a *Announcer) WriteSpeech(ctx context.Context, text, path string) error {
	if a.espeak == "" {
		return fmt.Errorf("announce: espeak-ng is not installed")
	}
	return a.speak(ctx, text, path)
}

// speak says text aloud, or into the WAV file path when path is set.
func (a *Announcer) speak(ctx context.Context, text, path string) error {
	args := []string{"-v", lang.L("hardware.announce.voice"), "-s", "140"}
	if path != "" {
		args = append(args, "-w", path)
	}
	out, err := exec.CommandContext(ctx, a.espeak, append(args, "--", text)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("announce: espeak-ng: %w: %s", err, out)
	}
	return nil
}

// Text is the sentence calling number to counter, in the current
// language: "Numéro A 42, guichet 3".
func Text(number, counter string, recall bool) string {
	key := "hardware.announce.call"
	if recall {
		key = "hardware.announce.recall"
	}
	return lang.L(key, map[string]any{"Number": spoken(number), "Counter": counter})
}

// spoken spells a ticket number the way people say it: "A042" is "A 42".
func spoken(number string) string {
	i := strings.IndexAny(number, "0123456789")
	if i < 0 {
		return number
	}
	n, err := strconv.Atoi(number[i:])
	if err != nil {
		return number
	}
	if i == 0 {
		return strconv.Itoa(n)
	}
	return number[:i] + " " + strconv.Itoa(n)
}
