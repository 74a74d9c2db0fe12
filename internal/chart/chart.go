// Package chart draws the manager's charts, once, with go-chart: as SVG
// for the web pages (accueil/internal/managerpage), as PNG for the
// back office's window. Its charts take figures of accueil/internal/report
// and the labels already translated.
package chart

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"accueil/internal/report"
)

// Renderable is a chart: a line chart or a bar chart.
type Renderable interface {
	Render(rp gochart.RendererProvider, w io.Writer) error
}

// SVG draws c as SVG markup.
func SVG(c Renderable) ([]byte, error) { return draw(c, gochart.SVG) }

// PNG draws c as a PNG image.
func PNG(c Renderable) ([]byte, error) { return draw(c, gochart.PNG) }

func draw(c Renderable, rp gochart.RendererProvider) ([]byte, error) {
	var b bytes.Buffer
	if err := c.Render(rp, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Colours of the charts: dark enough on white for lines and bars.
var (
	Blue = drawing.ColorFromHex("0b2d5b")
	Red  = drawing.ColorFromHex("b00020")
	Grey = drawing.ColorFromHex("555555")
)

// The charts' size: they are drawn at about this size on a desktop, and
// scaled down by a third on a phone, where their text stays readable.
const Width, Height, Font = 560, 320, 15

// axisStyle is the style of the axes' labels.
var axisStyle = gochart.Style{FontSize: Font, FontColor: drawing.ColorFromHex("111111"), StrokeColor: Grey}

// Lines draws series over positions 0..len(labels)-1, at most
// maxLabels of them labelled, with y from 0 to at least top.
func Lines(labels []string, maxLabels int, top float64, yLabel func(float64) string, series ...gochart.ContinuousSeries) gochart.Chart {
	xs := make([]float64, len(labels))
	// go-chart takes the x range from the ticks: unlabelled ones at the
	// edges keep half a step either side, even for a single point.
	ticks := []gochart.Tick{{Value: -0.5}}
	every := (len(labels) + maxLabels - 1) / maxLabels
	for i := range labels {
		xs[i] = float64(i)
		if i%every == 0 {
			ticks = append(ticks, gochart.Tick{Value: float64(i), Label: labels[i]})
		}
	}
	ticks = append(ticks, gochart.Tick{Value: float64(len(labels)) - 0.5})
	var ss []gochart.Series
	for _, s := range series {
		top = max(top, maxOf(s.YValues))
		if s.XValues == nil {
			s.XValues = xs
		}
		ss = append(ss, s)
	}
	top = niceTop(top)
	var yTicks []gochart.Tick
	for i := range 5 {
		v := top * float64(i) / 4
		yTicks = append(yTicks, gochart.Tick{Value: v, Label: yLabel(v)})
	}
	c := gochart.Chart{
		Width: Width, Height: Height,
		Background: gochart.Style{Padding: gochart.Box{Top: 50, Left: 10, Right: 20, Bottom: 10}},
		XAxis:      gochart.XAxis{Style: axisStyle, Range: &gochart.ContinuousRange{Min: -0.5, Max: float64(len(labels)) - 0.5}, Ticks: ticks},
		YAxis: gochart.YAxis{Style: axisStyle, Range: &gochart.ContinuousRange{Min: 0, Max: top}, Ticks: yTicks,
			GridMajorStyle: gochart.Style{StrokeColor: drawing.ColorFromHex("cccccc"), StrokeWidth: 1}, GridLines: gridLines(yTicks)},
		Series: ss,
	}
	if len(ss) > 1 {
		c.Elements = []gochart.Renderable{gochart.LegendThin(&c, gochart.Style{FontSize: Font, FontColor: drawing.ColorFromHex("111111")})}
	}
	return c
}

func gridLines(ticks []gochart.Tick) []gochart.GridLine {
	var out []gochart.GridLine
	for _, t := range ticks[1:] {
		out = append(out, gochart.GridLine{Value: t.Value})
	}
	return out
}

// Series is a named series drawn as a line with dots.
func Series(name string, color drawing.Color, ys []float64) gochart.ContinuousSeries {
	return gochart.ContinuousSeries{Name: name, YValues: ys,
		Style: gochart.Style{StrokeColor: color, StrokeWidth: 3, DotColor: color, DotWidth: 4}}
}

// Bars draws one bar per label.
func Bars(labels []string, values []float64) gochart.BarChart {
	bars := make([]gochart.Value, len(labels))
	every := (len(labels) + 7) / 8
	for i, l := range labels {
		if i%every != 0 {
			l = ""
		}
		bars[i] = gochart.Value{Label: l, Value: values[i], Style: gochart.Style{FillColor: Blue, StrokeColor: Blue, StrokeWidth: 1}}
	}
	width := max(4, min(48, (Width-80)/max(len(labels), 1)*2/3))
	return gochart.BarChart{
		Width: Width, Height: Height, BarWidth: width, BarSpacing: width / 2,
		Background: gochart.Style{Padding: gochart.Box{Top: 20, Left: 10, Right: 20, Bottom: 30}},
		XAxis:      axisStyle, YAxis: gochart.YAxis{Style: axisStyle, Range: &gochart.ContinuousRange{Min: 0, Max: niceTop(maxOf(values))},
			ValueFormatter: func(v any) string { return fmt.Sprintf("%.0f", v.(float64)) }},
		Bars: bars,
	}
}

// NPSBars draws one bar per label, from -100 to 100: blue above zero,
// red below.
func NPSBars(labels []string, scores []float64) gochart.BarChart {
	c := Bars(labels, scores)
	for i := range c.Bars {
		if scores[i] < 0 {
			c.Bars[i].Style.FillColor, c.Bars[i].Style.StrokeColor = Red, Red
		}
	}
	c.BarWidth, c.BarSpacing = 80, 40
	c.UseBaseValue, c.BaseValue = true, 0
	c.YAxis.Range = &gochart.ContinuousRange{Min: -100, Max: 100}
	c.YAxis.Ticks = []gochart.Tick{{Value: -100, Label: "-100"}, {Value: -50, Label: "-50"}, {Value: 0, Label: "0"}, {Value: 50, Label: "+50"}, {Value: 100, Label: "+100"}}
	return c
}

func maxOf(vs []float64) float64 {
	m := 0.0
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}

// niceTop rounds top up to 1, 2, 2.5 or 5 times a power of ten, at least 1.
func niceTop(top float64) float64 {
	p := 1.0
	for p*10 <= top {
		p *= 10
	}
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if top <= f*p {
			return max(f*p, 1)
		}
	}
	return max(10*p, 1)
}

// Translate returns the sentence of key, its template filled from pairs
// of names and values (the manager's pages' and window's translations).
type Translate func(key string, pairs ...any) string

// NPSByWait draws the NPS of rep's visits by how long they waited, one bar
// for each span of report.WaitBuckets that has answers; false when none
// has.
func NPSByWait(rep *report.Report, tr Translate) (gochart.BarChart, bool) {
	var labels []string
	var scores []float64
	for i, b := range rep.WaitNPS {
		if b.Answers == 0 {
			continue
		}
		switch {
		case i == 0:
			labels = append(labels, tr("manager.report.wait_under", "M", int(report.WaitBuckets[0].Minutes())))
		case i == len(report.WaitBuckets):
			labels = append(labels, tr("manager.report.wait_over", "M", int(report.WaitBuckets[i-1].Minutes())))
		default:
			labels = append(labels, tr("manager.report.wait_between", "From", int(report.WaitBuckets[i-1].Minutes()), "To", int(report.WaitBuckets[i].Minutes())))
		}
		scores = append(scores, b.Score())
	}
	return NPSBars(labels, scores), len(scores) > 0
}

// Titled is a chart with its title and a sentence saying what it shows.
type Titled struct {
	Title, Summary string
	Chart          Renderable
}

// Report draws rep's charts: the waits and the arrivals by hour, and, when
// anyone was called, the share called within target by day (dayLabel
// names a business day).
func Report(rep *report.Report, tr Translate, dayLabel func(day string) string) []Titled {
	var hours []string
	var arrivals, meanWait, p90Wait []float64
	first, last := rep.HourSpan()
	for h := first; h <= last; h++ {
		f := &rep.Hours[h]
		hours = append(hours, tr("manager.report.hour", "H", h))
		arrivals = append(arrivals, float64(f.Arrivals))
		meanWait = append(meanWait, f.Wait.Mean.Minutes())
		p90Wait = append(p90Wait, f.Wait.P90.Minutes())
	}
	minutes := func(x float64) string { return tr("manager.minutes", "M", fmt.Sprintf("%.0f", x)) }
	out := []Titled{
		{tr("manager.report.chart.waits"), tr("manager.report.chart.waits_sum"),
			Lines(hours, 8, 1, minutes, Series(tr("manager.report.mean"), Blue, meanWait), Series(tr("manager.report.p90"), Red, p90Wait))},
		{tr("manager.report.chart.arrivals"), tr("manager.report.chart.arrivals_sum"), Bars(hours, arrivals)},
	}
	var days []string
	var sla []float64
	for _, d := range slices.Sorted(maps.Keys(rep.Days)) {
		if f := rep.Days[d]; f.Called > 0 {
			days = append(days, dayLabel(d))
			sla = append(sla, 100*f.SLAShare())
		}
	}
	if len(sla) > 0 {
		percent := func(x float64) string { return fmt.Sprintf("%.0f %%", x) }
		out = append(out, Titled{tr("manager.report.chart.sla"), tr("manager.report.chart.sla_sum"),
			Lines(days, 7, 100, percent, Series(tr("manager.report.sla_share"), Blue, sla))})
	}
	return out
}
