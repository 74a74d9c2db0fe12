package managerpage

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// charts draws a page's charts with go-chart as inline SVG. go-chart
// styles each element with a style attribute, which a strict
// Content-Security-Policy refuses: charts turns each distinct style into a
// class of one stylesheet, which the page allows by its hash.
type charts struct {
	classes map[string]string // style → class
	css     strings.Builder
}

// renderable is a go-chart chart.
type renderable interface {
	Render(rp chart.RendererProvider, w io.Writer) error
}

var styleAttr = regexp.MustCompile(`style="([^"]*)"`)

// draw renders c as SVG markup.
func (cs *charts) draw(c renderable) (template.HTML, error) {
	var b bytes.Buffer
	if err := c.Render(chart.SVG, &b); err != nil {
		return "", err
	}
	if cs.classes == nil {
		cs.classes = map[string]string{}
	}
	svg := styleAttr.ReplaceAllStringFunc(b.String(), func(m string) string {
		style := styleAttr.FindStringSubmatch(m)[1]
		class, ok := cs.classes[style]
		if !ok {
			class = fmt.Sprintf("c%d", len(cs.classes))
			cs.classes[style] = class
			fmt.Fprintf(&cs.css, ".%s{%s}", class, style)
		}
		return `class="` + class + `"`
	})
	return template.HTML(svg), nil
}

// stylesheet returns the charts' stylesheet and the CSP source allowing it.
func (cs *charts) stylesheet() (template.CSS, string) {
	sum := sha256.Sum256([]byte(cs.css.String()))
	return template.CSS(cs.css.String()), "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// Colours of the charts: dark enough on white for lines and bars.
var (
	chartBlue = drawing.ColorFromHex("0b2d5b")
	chartRed  = drawing.ColorFromHex("b00020")
	chartGrey = drawing.ColorFromHex("555555")
)

// The charts' size: they are drawn at about this size on a desktop, and
// scaled down by a third on a phone, where their text stays readable.
const chartWidth, chartHeight, chartFont = 560, 320, 15

// axisStyle is the style of the axes' labels.
var axisStyle = chart.Style{FontSize: chartFont, FontColor: drawing.ColorFromHex("111111"), StrokeColor: chartGrey}

// lineChart draws series over positions 0..len(labels)-1, at most
// maxLabels of them labelled, with y from 0 to at least top.
func lineChart(labels []string, maxLabels int, top float64, yLabel func(float64) string, series ...chart.ContinuousSeries) chart.Chart {
	xs := make([]float64, len(labels))
	// go-chart takes the x range from the ticks: unlabelled ones at the
	// edges keep half a step either side, even for a single point.
	ticks := []chart.Tick{{Value: -0.5}}
	every := (len(labels) + maxLabels - 1) / maxLabels
	for i := range labels {
		xs[i] = float64(i)
		if i%every == 0 {
			ticks = append(ticks, chart.Tick{Value: float64(i), Label: labels[i]})
		}
	}
	ticks = append(ticks, chart.Tick{Value: float64(len(labels)) - 0.5})
	var ss []chart.Series
	for _, s := range series {
		top = max(top, maxOf(s.YValues))
		if s.XValues == nil {
			s.XValues = xs
		}
		ss = append(ss, s)
	}
	top = niceTop(top)
	var yTicks []chart.Tick
	for i := range 5 {
		v := top * float64(i) / 4
		yTicks = append(yTicks, chart.Tick{Value: v, Label: yLabel(v)})
	}
	c := chart.Chart{
		Width: chartWidth, Height: chartHeight,
		Background: chart.Style{Padding: chart.Box{Top: 50, Left: 10, Right: 20, Bottom: 10}},
		XAxis:      chart.XAxis{Style: axisStyle, Range: &chart.ContinuousRange{Min: -0.5, Max: float64(len(labels)) - 0.5}, Ticks: ticks},
		YAxis: chart.YAxis{Style: axisStyle, Range: &chart.ContinuousRange{Min: 0, Max: top}, Ticks: yTicks,
			GridMajorStyle: chart.Style{StrokeColor: drawing.ColorFromHex("cccccc"), StrokeWidth: 1}, GridLines: gridLines(yTicks)},
		Series: ss,
	}
	if len(ss) > 1 {
		c.Elements = []chart.Renderable{chart.LegendThin(&c, chart.Style{FontSize: chartFont, FontColor: drawing.ColorFromHex("111111")})}
	}
	return c
}

func gridLines(ticks []chart.Tick) []chart.GridLine {
	var out []chart.GridLine
	for _, t := range ticks[1:] {
		out = append(out, chart.GridLine{Value: t.Value})
	}
	return out
}

// lineSeries is a named series drawn as a line with dots.
func lineSeries(name string, color drawing.Color, ys []float64) chart.ContinuousSeries {
	return chart.ContinuousSeries{Name: name, YValues: ys,
		Style: chart.Style{StrokeColor: color, StrokeWidth: 3, DotColor: color, DotWidth: 4}}
}

// barChart draws one bar per label.
func barChart(labels []string, values []float64) chart.BarChart {
	bars := make([]chart.Value, len(labels))
	every := (len(labels) + 7) / 8
	for i, l := range labels {
		if i%every != 0 {
			l = ""
		}
		bars[i] = chart.Value{Label: l, Value: values[i], Style: chart.Style{FillColor: chartBlue, StrokeColor: chartBlue, StrokeWidth: 1}}
	}
	width := max(4, min(48, (chartWidth-80)/max(len(labels), 1)*2/3))
	return chart.BarChart{
		Width: chartWidth, Height: chartHeight, BarWidth: width, BarSpacing: width / 2,
		Background: chart.Style{Padding: chart.Box{Top: 20, Left: 10, Right: 20, Bottom: 30}},
		XAxis:      axisStyle, YAxis: chart.YAxis{Style: axisStyle, Range: &chart.ContinuousRange{Min: 0, Max: niceTop(maxOf(values))},
			ValueFormatter: func(v any) string { return fmt.Sprintf("%.0f", v.(float64)) }},
		Bars: bars,
	}
}

// npsChart draws one bar per label, from -100 to 100: blue above zero,
// red below.
func npsChart(labels []string, scores []float64) chart.BarChart {
	c := barChart(labels, scores)
	for i := range c.Bars {
		if scores[i] < 0 {
			c.Bars[i].Style.FillColor, c.Bars[i].Style.StrokeColor = chartRed, chartRed
		}
	}
	c.BarWidth, c.BarSpacing = 80, 40
	c.UseBaseValue, c.BaseValue = true, 0
	c.YAxis.Range = &chart.ContinuousRange{Min: -100, Max: 100}
	c.YAxis.Ticks = []chart.Tick{{Value: -100, Label: "-100"}, {Value: -50, Label: "-50"}, {Value: 0, Label: "0"}, {Value: 50, Label: "+50"}, {Value: 100, Label: "+100"}}
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
