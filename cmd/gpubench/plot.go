package main

import (
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// seriesColors are the bar colours: gotensor first, then each peer in -peer order.
var seriesColors = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, // blue
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}, // orange
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, // green
	color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, // red
}

// writePlot draws the records as a horizontal bar chart into the file name, an SVG (a
// PNG, PDF or EPS where the name ends so): per case
// (first case at the top) gotensor's % of ceiling and, beside it, each peer's, measured
// against the same ceiling (Record.peerPct); a dashed line marks 100%. Failed cases are
// left out. haveCeilings is false when the ceilings were not measured: there is then
// nothing to draw, which is an error.
func writePlot(name string, records []Record, haveCeilings bool) error {
	if !haveCeilings {
		return errors.New("no ceilings were measured (-ceilings=false or a device without probes): no % of ceiling to draw")
	}
	var rs []Record
	for _, r := range records {
		if r.err == nil {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return errors.New("no case succeeded")
	}
	p, err := ceilingPlot(rs)
	if err != nil {
		return err
	}
	m := 1 + len(rs[0].peers)
	height := vg.Length(len(rs))*groupHeight(m) + 1.5*vg.Inch
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")
	switch format {
	case "png", "pdf", "eps":
	default:
		format = "svg"
	}
	wt, err := p.WriterTo(8*vg.Inch, height, format)
	if err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := wt.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// groupHeight is the height of one case's bars (m series) with the gap below them.
func groupHeight(m int) vg.Length { return vg.Length(m)*0.11*vg.Inch + 0.08*vg.Inch }

// ceilingPlot builds the chart of writePlot from records that all succeeded.
func ceilingPlot(rs []Record) (*plot.Plot, error) {
	n, m := len(rs), 1+len(rs[0].peers)
	p := plot.New()
	p.Title.Text = "gotensor gpubench: % of the machine's ceiling (FMA peak or triad of the level holding the data)"
	p.Title.TextStyle.Font.Size = 9
	p.X.Label.Text = "% of ceiling"
	p.X.Min = 0
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = 8
	p.Add(plotter.NewGrid())

	// Row y = n-1-i holds case i, so the first case is at the top.
	names := make([]string, n)
	series := make([]plotter.Values, m)
	for j := range series {
		series[j] = make(plotter.Values, n)
	}
	maxPct := 100.0
	for i, r := range rs {
		y := n - 1 - i
		names[y] = "  " + r.Op + "/" + r.DType + "/" + shapeString(r.Shape) // the spaces keep the longest name whole
		series[0][y] = r.CeilingPct
		for j, pt := range r.peers {
			series[j+1][y] = r.peerPct(pt)
		}
		for j := range series {
			maxPct = max(maxPct, series[j][y])
		}
	}
	p.X.Max = 1.15 * maxPct // room for the legend
	bw := (groupHeight(m) - 0.08*vg.Inch) / vg.Length(m)
	for j, vs := range series {
		bc, err := plotter.NewBarChart(vs, bw)
		if err != nil {
			return nil, err
		}
		bc.Horizontal = true
		bc.LineStyle.Width = 0
		bc.Color = seriesColors[j%len(seriesColors)]
		bc.Offset = (vg.Length(m-1)/2 - vg.Length(j)) * bw // series 0 on top within a case
		p.Add(bc)
		label := "gotensor"
		if j > 0 {
			label = rs[0].peers[j-1].Name
		}
		p.Legend.Add(label, bc)
	}
	hundred, err := plotter.NewLine(plotter.XYs{{X: 100, Y: -0.5}, {X: 100, Y: float64(n) - 0.5}})
	if err != nil {
		return nil, err
	}
	hundred.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	hundred.LineStyle.Color = color.Gray{Y: 0x60}
	p.Add(hundred)
	p.Y.Tick.Label.Font.Size = 7
	p.NominalY(names...)
	return p, nil
}
