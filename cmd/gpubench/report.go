package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Record is the result of one case beside one peer, as -json and -csv write it: a case
// measured with several peers gives one record per peer (the same gotensor numbers, each
// with its peer), and one record with peer "" without -peer. Zero means "does not apply"
// (no GFLOP/s for exp, no peer, a case the peer cannot run).
type Record struct {
	Op          string  `json:"op"`
	DType       string  `json:"dtype"`
	Shape       []int   `json:"shape"`
	Device      string  `json:"device"`
	Seconds     float64 `json:"seconds"`      // median per call
	GBps        float64 `json:"gbps"`         // bytes read and written per second / 1e9
	GFLOPs      float64 `json:"gflops"`       // flops per second / 1e9
	CeilingPct  float64 `json:"ceiling_pct"`  // of the FMA peak (compute ops) or the triad of the level holding the data
	Peer        string  `json:"peer"`         // the peer's name, "" without -peer
	PeerSeconds float64 `json:"peer_seconds"` // the peer's median per call, 0 where it cannot run the case
	// PerStep is gotensor's steady state per training step, for training cases only.
	PerStep *StepStats `json:"per_step,omitempty"`

	ceiling string     // the ceiling's name for the table: "L2", "DRAM", "FMA"
	peers   []PeerTime // every peer's time, in -peer order (the table's columns)
	err     error      // the case failed: the table shows why
}

// StepStats are the Go runtime's figures per training step, over the measured steps of a
// training case (see measureTraining).
type StepStats struct {
	Allocs float64 `json:"allocs"` // heap objects allocated (MemStats.Mallocs)
	GCs    float64 `json:"gcs"`    // garbage collections completed (MemStats.NumGC)
}

// PeerTime is one peer's median seconds per call of a case, 0 where it cannot run it.
type PeerTime struct {
	Name    string
	Seconds float64
}

// perPeer returns r as -json and -csv write it: one record per peer, or r alone.
func (r Record) perPeer() []Record {
	if len(r.peers) == 0 {
		return []Record{r}
	}
	rs := make([]Record, len(r.peers))
	for i, p := range r.peers {
		rs[i] = r
		rs[i].Peer, rs[i].PeerSeconds = p.Name, p.Seconds
	}
	return rs
}

// peerPct is the % of ceiling the peer's time p reaches on r's case: the same work over
// the same ceiling, so r's percentage scaled by the ratio of the times (0 without one).
func (r Record) peerPct(p PeerTime) float64 {
	if p.Seconds <= 0 || r.Seconds <= 0 {
		return 0
	}
	return r.CeilingPct * r.Seconds / p.Seconds
}

// writer prints records as they come.
type writer interface {
	row(r Record)
	flush() error
}

// newWriter returns the writer for the output format; cases gives the table its column
// widths up front so rows can stream.
func newWriter(w io.Writer, format string, cases []Case, peers []string) writer {
	switch format {
	case "json":
		return &jsonWriter{enc: json.NewEncoder(w)}
	case "csv":
		c := csv.NewWriter(w)
		c.Write([]string{"op", "dtype", "shape", "device", "seconds", "gbps", "gflops", "ceiling_pct", "peer", "peer_seconds",
			"allocs_per_step", "gcs_per_step"})
		return &csvWriter{w: c}
	}
	t := &tableWriter{w: w, peers: peers, op: len("op"), shape: len("shape")}
	for _, c := range cases {
		t.op, t.shape = max(t.op, len(c.Op)), max(t.shape, len(shapeString(c.Shape)))
	}
	t.header()
	return t
}

type jsonWriter struct{ enc *json.Encoder }

func (j *jsonWriter) row(r Record) {
	if r.err == nil {
		for _, p := range r.perPeer() {
			j.enc.Encode(p)
		}
	}
}

func (j *jsonWriter) flush() error { return nil }

type csvWriter struct{ w *csv.Writer }

func (c *csvWriter) row(r Record) {
	if r.err != nil {
		return
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	allocs, gcs := "", "" // empty but for training cases
	if r.PerStep != nil {
		allocs, gcs = g(r.PerStep.Allocs), g(r.PerStep.GCs)
	}
	for _, r := range r.perPeer() {
		c.w.Write([]string{r.Op, r.DType, shapeString(r.Shape), r.Device, g(r.Seconds), g(r.GBps),
			g(r.GFLOPs), g(r.CeilingPct), r.Peer, g(r.PeerSeconds), allocs, gcs})
	}
	c.w.Flush()
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// tableWriter prints an aligned text table, one row per case as it finishes, with a time
// and a speedup column (the peer's time over gotensor's) per peer.
type tableWriter struct {
	w         io.Writer
	peers     []string
	op, shape int // column widths
}

func (t *tableWriter) header() {
	line := fmt.Sprintf("%-*s  %-7s  %-*s  %10s  %8s  %8s  %11s", t.op, "op", "dtype", t.shape, "shape",
		"time", "GB/s", "GFLOP/s", "% ceiling")
	for _, p := range t.peers {
		line += fmt.Sprintf("  %10s  %8s", p, "speedup")
	}
	fmt.Fprintln(t.w, line)
	fmt.Fprintln(t.w, strings.Repeat("-", len(line)))
}

func (t *tableWriter) row(r Record) {
	line := fmt.Sprintf("%-*s  %-7s  %-*s  ", t.op, r.Op, r.DType, t.shape, shapeString(r.Shape))
	if r.err != nil {
		fmt.Fprintf(t.w, "%serror: %v\n", line, r.err)
		return
	}
	pct := "-"
	if r.CeilingPct > 0 {
		pct = fmt.Sprintf("%5.1f%% %-4s", r.CeilingPct, r.ceiling)
	}
	line += fmt.Sprintf("%10s  %8s  %8s  %11s", duration(r.Seconds), num(r.GBps), num(r.GFLOPs), pct)
	for _, p := range r.peers {
		peer, ratio := "-", "-"
		if p.Seconds > 0 {
			peer, ratio = duration(p.Seconds), fmt.Sprintf("%.2fx", p.Seconds/r.Seconds)
		}
		line += fmt.Sprintf("  %10s  %8s", peer, ratio)
	}
	if r.PerStep != nil {
		line += fmt.Sprintf("  (per step: %.0f allocations, %.3g GCs)", r.PerStep.Allocs, r.PerStep.GCs)
	}
	fmt.Fprintln(t.w, line)
}

func (t *tableWriter) flush() error { return nil }

// duration prints seconds with a unit and three or four significant digits.
func duration(s float64) string {
	switch {
	case s <= 0:
		return "-"
	case s < 1e-6:
		return fmt.Sprintf("%.1f ns", s*1e9)
	case s < 1e-3:
		return fmt.Sprintf("%.2f µs", s*1e6)
	case s < 1:
		return fmt.Sprintf("%.2f ms", s*1e3)
	}
	return fmt.Sprintf("%.3f s", s)
}

// num prints a rate, "-" where it does not apply.
func num(v float64) string {
	switch {
	case v <= 0:
		return "-"
	case v < 10:
		return fmt.Sprintf("%.3f", v)
	case v < 1000:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}
