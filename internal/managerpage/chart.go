package managerpage

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"regexp"
	"strings"

	"accueil/internal/chart"
)

// charts draws a page's charts (accueil/internal/chart) as inline SVG. go-chart
// styles each element with a style attribute, which a strict
// Content-Security-Policy refuses: charts turns each distinct style into a
// class of one stylesheet, which the page allows by its hash.
type charts struct {
	classes map[string]string // style → class
	css     strings.Builder
}

var styleAttr = regexp.MustCompile(`style="([^"]*)"`)

// draw renders c as SVG markup.
func (cs *charts) draw(c chart.Renderable) (template.HTML, error) {
	b, err := chart.SVG(c)
	if err != nil {
		return "", err
	}
	if cs.classes == nil {
		cs.classes = map[string]string{}
	}
	svg := styleAttr.ReplaceAllStringFunc(string(b), func(m string) string {
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
