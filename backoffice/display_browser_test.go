package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// flashSample is the first call's row at one instant: the colours of its
// background and of its number, as the browser computes them.
type flashSample struct {
	Flash bool   `json:"flash"`
	Bg    string `json:"bg"`
	Num   string `json:"num"`
	Desk  string `json:"desk"`
}

// TestDisplayPageFlash opens the calling display in a real headless
// Chromium that blocks sound until a tap: the sound button shows before
// any call; then a call flashes, and the number and counter, sampled
// every few milliseconds through the flash, stay at 7:1 or more on their
// background; no console error. -shots dir saves the page mid-flash.
func TestDisplayPageFlash(t *testing.T) {
	httpAddr, broker := boot(t)
	ctx := context.Background()
	bctx, consoleErrors := browser(t)
	bctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 720)); err != nil {
		t.Fatal(err)
	}
	// Not Navigate, which waits for a page whose event stream never ends.
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`location.href = "http://`+httpAddr+`/display"; true`)); err != nil {
		t.Fatal(err)
	}
	// Chromium here blocks sound until a tap: the button asks for it at
	// once. The stream's first board is in, so the call will be news.
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.body.dataset.seq !== undefined && !document.getElementById("sound").hidden`)); err != nil {
		t.Fatalf("no sound button before the first call: %v", err)
	}
	const sampler = `window.samples = []; setInterval(() => {
	  const r = document.querySelector(".call.first");
	  if (!r) return;
	  const flash = r.classList.contains("flash");
	  if (flash && !window.flashStart) window.flashStart = performance.now();
	  window.samples.push({flash: flash, bg: getComputedStyle(r).backgroundColor,
	    num: getComputedStyle(r.querySelector(".n")).color, desk: getComputedStyle(r.querySelector(".c")).color});
	}, 10); true`
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](sampler)); err != nil {
		t.Fatal(err)
	}
	kiosk, counter := synctest.StartDevice(t, "kiosk-1", broker), synctest.StartDevice(t, "counter-1", broker)
	kiosk.Ready()
	counter.Synced()
	if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "purchase", Lang: "fr"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err != nil {
		t.Fatal(err)
	}
	if dir := *shots; dir != "" {
		// Mid-flash: the flash is yellow from 0.5 s to 1 s.
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`window.flashStart && (performance.now() - window.flashStart) % 1000 > 600`)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(90))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "board-web-flash.png"), png, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// The flash lasts 3 s.
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`window.flashStart && performance.now() - window.flashStart > 3500`)); err != nil {
		t.Fatal(err)
	}
	samples, err := chromedp.Run(bctx, chromedp.Evaluate[[]flashSample](`window.samples`))
	if err != nil {
		t.Fatal(err)
	}
	worst, flashed, lit := math.Inf(1), 0, 0
	for _, s := range samples {
		bg := cssColor(t, s.Bg, [3]float64{0, 0, 0}) // transparent: the page's black
		for _, fg := range []string{s.Num, s.Desk} {
			c := contrast(cssColor(t, fg, bg), bg)
			worst = min(worst, c)
			if c < 7 {
				t.Errorf("contrast %.1f:1 (text %s on %s, flashing %v)", c, fg, s.Bg, s.Flash)
			}
		}
		if s.Flash {
			flashed++
			if bg != [3]float64{0, 0, 0} {
				lit++
			}
		}
	}
	t.Logf("%d samples, %d while flashing (%d lit), worst contrast %.1f:1", len(samples), flashed, lit, worst)
	if flashed == 0 || lit == 0 {
		t.Error("no flash seen")
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// cssColor parses "rgb(r, g, b)" or "rgba(r, g, b, a)", blending a
// translucent colour over under.
func cssColor(t *testing.T, s string, under [3]float64) [3]float64 {
	t.Helper()
	var r, g, b, a float64 = 0, 0, 0, 1
	if _, err := fmt.Sscanf(s, "rgba(%g, %g, %g, %g)", &r, &g, &b, &a); err != nil {
		if _, err := fmt.Sscanf(s, "rgb(%g, %g, %g)", &r, &g, &b); err != nil {
			t.Fatalf("colour %q", s)
		}
	}
	return [3]float64{r*a + under[0]*(1-a), g*a + under[1]*(1-a), b*a + under[2]*(1-a)}
}

// contrast is the WCAG contrast ratio of two sRGB colours (0-255).
func contrast(a, b [3]float64) float64 {
	lum := func(c [3]float64) float64 {
		var l [3]float64
		for i, v := range c {
			v /= 255
			if v <= 0.04045 {
				l[i] = v / 12.92
			} else {
				l[i] = math.Pow((v+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
