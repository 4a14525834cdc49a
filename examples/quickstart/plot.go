package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// epochStats are one epoch's numbers, what -plot draws.
type epochStats struct {
	Epoch     int     // from 1
	TrainLoss float64 // mean of the epoch's training batch losses
	TestLoss  float64 // the printed "Avg loss": mean of the test batches' losses
	Accuracy  float64 // fraction of test samples classified right, in [0, 1]
}

// series is one line of a panel.
type series struct {
	name  string
	color string
	ys    []float64
}

// Sizes of the SVG, in pixels: two panels side by side.
const (
	svgWidth, svgHeight = 760, 300
	panelWidth          = svgWidth / 2
	marginLeft          = 60
	marginRight         = 20
	marginTop           = 64
	marginBottom        = 45
)

// writePlot writes the loss and accuracy curves of hist to the file name as an SVG.
func writePlot(name string, hist []epochStats) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := writeSVG(f, hist); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeSVG draws hist as a hand-written SVG: on the left the training loss (mean over
// the epoch's batches) and the test loss per epoch, on the right the test accuracy in %.
func writeSVG(w io.Writer, hist []epochStats) error {
	if len(hist) == 0 {
		return fmt.Errorf("no epoch to plot")
	}
	train, test, acc := make([]float64, len(hist)), make([]float64, len(hist)), make([]float64, len(hist))
	for i, h := range hist {
		train[i], test[i], acc[i] = h.TrainLoss, h.TestLoss, 100*h.Accuracy
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n",
		svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="white"/>`+"\n", svgWidth, svgHeight)
	fmt.Fprintf(bw, `<text x="%d" y="18" text-anchor="middle" font-size="13">gotensor quickstart: Fashion-MNIST, %d epoch(s)</text>`+"\n",
		svgWidth/2, len(hist))
	panel(bw, 0, "loss", []series{{"train (mean of batches)", "#1f77b4", train}, {"test", "#ff7f0e", test}})
	panel(bw, panelWidth, "test accuracy (%)", []series{{"test accuracy", "#2ca02c", acc}})
	bw.WriteString("</svg>\n")
	return bw.Flush()
}

// panel draws one chart of ss against the epoch (1, 2, ...) with its left edge at x0.
func panel(w io.Writer, x0 int, title string, ss []series) {
	left, right := float64(x0+marginLeft), float64(x0+panelWidth-marginRight)
	top, bottom := float64(marginTop), float64(svgHeight-marginBottom)
	n := len(ss[0].ys)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		for _, y := range s.ys {
			if !math.IsNaN(y) && !math.IsInf(y, 0) {
				lo, hi = min(lo, y), max(hi, y)
			}
		}
	}
	if lo > hi { // nothing finite to draw
		lo, hi = 0, 1
	}
	pad := 0.04 * (hi - lo) // keep the points off the frame
	lo, hi = lo-pad, hi+pad
	yTicks, ylo, yhi := niceTicks(lo, hi, 5)
	xlo, xhi := 0.5, float64(n)+0.5
	px := func(x float64) float64 { return left + (x-xlo)/(xhi-xlo)*(right-left) }
	py := func(y float64) float64 { return bottom - (y-ylo)/(yhi-ylo)*(bottom-top) }

	fmt.Fprintf(w, "<g>\n")
	fmt.Fprintf(w, `<text x="%.1f" y="36" text-anchor="middle" font-size="12">%s</text>`+"\n", (left+right)/2, title)
	digits := tickDigits(yTicks)
	for _, t := range yTicks {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e0e0e0"/>`+"\n", left, py(t), right, py(t))
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", left-5, py(t)+4, strconv.FormatFloat(t, 'f', digits, 64))
	}
	step := max(1, (n+9)/10)
	for e := 1; e <= n; e += step {
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n", px(float64(e)), bottom+15, e)
	}
	fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle">epoch</text>`+"\n", (left+right)/2, bottom+32)
	fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#404040"/>`+"\n", left, top, right-left, bottom-top)
	lx := left
	for _, s := range ss {
		var pts []string
		for j, y := range s.ys {
			if math.IsNaN(y) || math.IsInf(y, 0) {
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(float64(j+1)), py(y)))
		}
		if len(pts) > 1 {
			fmt.Fprintf(w, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), s.color)
		}
		for _, p := range pts {
			xy := strings.SplitN(p, ",", 2)
			fmt.Fprintf(w, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`+"\n", xy[0], xy[1], s.color)
		}
		// The legend: one row above the chart, where no curve runs.
		fmt.Fprintf(w, `<line x1="%.1f" y1="50" x2="%.1f" y2="50" stroke="%s" stroke-width="2"/>`+"\n", lx, lx+15, s.color)
		fmt.Fprintf(w, `<text x="%.1f" y="54">%s</text>`+"\n", lx+20, s.name)
		lx += 20 + 6.5*float64(len(s.name)) + 15
	}
	fmt.Fprintf(w, "</g>\n")
}

// niceTicks returns about n tick values at a round step (1, 2 or 5 times a power of ten)
// covering [lo, hi], and the axis range they span.
func niceTicks(lo, hi float64, n int) (ticks []float64, axisLo, axisHi float64) {
	if hi-lo < 1e-12*max(1, math.Abs(hi)) { // one value: widen around it
		d := max(math.Abs(hi)*0.05, 0.5)
		lo, hi = lo-d, hi+d
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	axisLo, axisHi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	for i := 0; ; i++ {
		t := axisLo + float64(i)*step
		if t > axisHi+step/2 {
			break
		}
		ticks = append(ticks, t)
	}
	return ticks, axisLo, axisHi
}

// tickDigits is the number of decimals that tells the ticks apart.
func tickDigits(ticks []float64) int {
	if len(ticks) < 2 {
		return 0
	}
	step := ticks[1] - ticks[0]
	return max(0, int(-math.Floor(math.Log10(step)+1e-9)))
}
