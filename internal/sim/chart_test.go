package sim_test

import (
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"accueil/internal/sim"
)

var chartPath = flag.String("chart", "", "draw predicted against actual waits of a busy day into this PNG (make bench)")

// TestChart draws, when -chart is given, the waits of a simulated busy day
// (the varying day, with walk-outs) against the hour of arrival: what each
// visitor waited, eta's estimate printed on their ticket with its 80 %
// interval, and the rolling average for comparison.
func TestChart(t *testing.T) {
	if *chartPath == "" {
		t.Skip("no -chart")
	}
	d := varying()
	d.Patience = sim.Exponential(20 * time.Minute)
	sc := newScorer()
	d.Observe = sc.observe
	res, err := sim.Run(d, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), 3)
	if err != nil {
		t.Fatal(err)
	}
	var at, actual, mean, low, high, rolling []float64
	for _, v := range res.Visits {
		if !v.Called {
			continue
		}
		h := float64(v.Arrived.Hour()) + float64(v.Arrived.Minute())/60 + float64(v.Arrived.Second())/3600
		p, in := sc.pred[v.Ticket], sc.interval[v.Ticket]
		at, actual = append(at, h), append(actual, v.Wait.Minutes())
		mean, rolling = append(mean, p[0].Minutes()), append(rolling, p[3].Minutes())
		low, high = append(low, in[0].Minutes()), append(high, in[1].Minutes())
	}
	line := func(name string, ys []float64, c drawing.Color, width float64, dash []float64) chart.ContinuousSeries {
		return chart.ContinuousSeries{Name: name, XValues: at, YValues: ys,
			Style: chart.Style{StrokeColor: c, StrokeWidth: width, StrokeDashArray: dash}}
	}
	grey := drawing.ColorFromHex("8a8a8a")
	var ticks []chart.Tick
	for h := 9; h <= 19; h++ {
		ticks = append(ticks, chart.Tick{Value: float64(h), Label: fmt.Sprintf("%d:00", h)})
	}
	c := chart.Chart{
		Width: 1200, Height: 600,
		Background: chart.Style{Padding: chart.Box{Top: 40, Left: 20, Right: 20, Bottom: 20}},
		XAxis:      chart.XAxis{Name: "hour of arrival", Ticks: ticks},
		YAxis:      chart.YAxis{Name: "wait (min)"},
		Series: []chart.Series{
			line("80 % interval, low", low, grey, 1, []float64{4, 3}),
			line("80 % interval, high", high, grey, 1, []float64{4, 3}),
			line("rolling average (last 20 called)", rolling, drawing.ColorFromHex("e08000"), 1.5, nil),
			line("estimated (eta)", mean, drawing.ColorFromHex("0b2d5b"), 2, nil),
			chart.ContinuousSeries{Name: "actual wait", XValues: at, YValues: actual,
				Style: chart.Style{StrokeWidth: chart.Disabled, StrokeColor: drawing.ColorFromHex("b00020"), DotWidth: 2.5, DotColor: drawing.ColorFromHex("b00020")}},
		},
	}
	c.Elements = []chart.Renderable{chart.LegendThin(&c)}
	f, err := os.Create(*chartPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := c.Render(chart.PNG, f); err != nil {
		t.Fatal(err)
	}
}
