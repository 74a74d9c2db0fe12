// Command chimegen writes the calling chime, a two-tone ding-dong, as a
// 16-bit mono PCM WAV file: go run ./internal/chimegen -o chime.wav
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"log"
	"math"
	"os"
)

const rate = 22050

// tone is a bell-like note: a fundamental with two overtones, a short
// attack and an exponential decay.
type tone struct {
	freq, start, length float64 // Hz, seconds, seconds
}

func main() {
	out := flag.String("o", "chime.wav", "output file")
	flag.Parse()
	tones := []tone{{659.25, 0, 0.9}, {523.25, 0.45, 1.1}} // E5 then C5
	n := int(1.6 * rate)
	samples := make([]float64, n)
	for _, t := range tones {
		for i := int(t.start * rate); i < n && float64(i)/rate < t.start+t.length; i++ {
			s := float64(i)/rate - t.start
			env := math.Min(s/0.005, 1) * math.Exp(-4*s)
			v := math.Sin(2*math.Pi*t.freq*s) + 0.3*math.Sin(4*math.Pi*t.freq*s) + 0.1*math.Sin(6*math.Pi*t.freq*s)
			samples[i] += 0.35 * env * v
		}
	}
	var pcm bytes.Buffer
	for _, v := range samples {
		binary.Write(&pcm, binary.LittleEndian, int16(math.Max(-1, math.Min(1, v))*32767))
	}
	var w bytes.Buffer
	w.WriteString("RIFF")
	binary.Write(&w, binary.LittleEndian, uint32(36+pcm.Len()))
	w.WriteString("WAVEfmt ")
	// fmt chunk: 16 bytes, PCM, mono, rate, bytes per second, block align, bits
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(rate * 2), uint16(2), uint16(16)} {
		binary.Write(&w, binary.LittleEndian, v)
	}
	w.WriteString("data")
	binary.Write(&w, binary.LittleEndian, uint32(pcm.Len()))
	w.Write(pcm.Bytes())
	if err := os.WriteFile(*out, w.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
