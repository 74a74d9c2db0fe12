package assets

import "embed"

// sounds holds the calling chime, made by hardware/announce/internal/chimegen.
//
//go:embed sounds
var sounds embed.FS

// Chime returns the calling chime, a ding-dong as a 16-bit PCM WAV file.
func Chime() []byte {
	b, err := sounds.ReadFile("sounds/chime.wav")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	return b
}
