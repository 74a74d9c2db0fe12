package chart_test

import (
	"bytes"
	"testing"

	"accueil/internal/chart"
)

// TestFormats: one chart drawn as SVG for the pages and as PNG for the
// window.
func TestFormats(t *testing.T) {
	c := chart.NPSBars([]string{"< 5 min", "≥ 30 min"}, []float64{60, -40})
	svg, err := chart.SVG(c)
	if err != nil || !bytes.HasPrefix(svg, []byte("<svg")) {
		t.Errorf("SVG: %.40q, %v", svg, err)
	}
	png, err := chart.PNG(c)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("PNG: %.8q, %v", png, err)
	}
}
