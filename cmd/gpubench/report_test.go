package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkSVG fails t unless the file name holds an SVG document.
func checkSVG(t *testing.T, name string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSpace(string(b))
	if !strings.HasPrefix(s, "<?xml") || !strings.Contains(s, "<svg") || !strings.HasSuffix(s, "</svg>") {
		t.Errorf("%s is not an SVG document: %.200q", name, s)
	}
}

func TestPlot(t *testing.T) {
	rs := []Record{
		{Op: "add", DType: "float32", Shape: []int{1000}, Seconds: 1e-6, CeilingPct: 40,
			peers: []PeerTime{{"numpy", 2e-6}, {"gonum", 0}}},
		{Op: "matmul", DType: "float64", Shape: []int{512, 512}, Seconds: 1e-3, CeilingPct: 90,
			peers: []PeerTime{{"numpy", 0.9e-3}, {"gonum", 8e-3}}},
	}
	svg := filepath.Join(t.TempDir(), "ceiling.svg")
	if err := writePlot(svg, rs, true); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, svg)
	b, _ := os.ReadFile(svg)
	for _, want := range []string{"matmul/float64/512x512", "numpy", "gonum", "% of ceiling"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	if err := writePlot(svg, rs, false); err == nil {
		t.Error("a plot without ceilings: no error")
	}
	if got := rs[0].peerPct(rs[0].peers[0]); got != 20 {
		t.Errorf("peer %% of ceiling = %v, want 20 (twice gotensor's time)", got)
	}
}

// TestNoProgressOffTerminal checks that a long suite draws no progress bar on a stderr
// that is not a terminal (a buffer here, a pipe or a file in CI).
func TestNoProgressOffTerminal(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-full", "-benchtime", "1ms", "-ceilings=false", "-ops", "^(add|sum)/float32/1000$"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	if strings.ContainsAny(errb.String(), "\r\x1b") {
		t.Errorf("progress drawn on a non-terminal stderr: %q", errb.String())
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for _, f := range []*os.File{w, null} {
		if p := newProgress(f, 100, true); p != nil {
			t.Errorf("progress bar on %s", f.Name())
		}
	}
	p := (*progress)(nil)
	p.show(0, Case{}) // a nil bar draws nothing and does not panic
	p.clear()
}

// TestProgressOnTerminal stands in a terminal and checks the bar's line.
func TestProgressOnTerminal(t *testing.T) {
	saved := isTerminal
	defer func() { isTerminal = saved }()
	isTerminal = func(io.Writer) bool { return true }
	var b bytes.Buffer
	if newProgress(&b, 5, false) != nil {
		t.Error("a bar for a short quick suite")
	}
	p := newProgress(&b, 40, false)
	if p == nil {
		t.Fatal("no bar for 40 cases on a terminal")
	}
	c := Case{Op: "transpose_copy", DType: "float32", Shape: []int{4096, 4096}}
	p.show(10, c)
	line := strings.TrimSuffix(strings.TrimPrefix(b.String(), "\r"), "\x1b[K")
	if !strings.HasPrefix(line, "[#####...............] 10/40 transpose_copy/float32/4096x4096") || utf8.RuneCountInString(line) > progressWidth {
		t.Errorf("progress line %q", line)
	}
	b.Reset()
	p.clear()
	if b.String() != "\r\x1b[K" {
		t.Errorf("clear wrote %q", b.String())
	}
}

func TestGonumPeer(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-benchtime", "1ms", "-ceilings=false", "-json", "-peer", "gonum",
		"-ops", "^(add|add_out|sum)/float64/1000$|^matmul/float(32|64)/256x256$|^bmm|^exp/float32/1000$"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		n++
		if r.Peer != "gonum" || (r.PeerSeconds > 0) == (r.Op == "exp") {
			t.Errorf("record %s: want gonum's time for all but exp", line)
		}
	}
	if n != 7 {
		t.Errorf("%d records, want 7:\n%s", n, out.String())
	}
}

// TestSgemmBatch checks the gonum peer's batched product against the definition.
func TestSgemmBatch(t *testing.T) {
	const m, batch = 3, 2
	c := Case{Op: "bmm", DType: "float32", Shape: []int{batch, m, m}}
	a, b := values[float32](c, 0, 1), values[float32](c, 0, 2)
	out := make([]float32, len(a))
	sgemmBatch(out, a, b, m)
	for z := range batch {
		for i := range m {
			for j := range m {
				var s float32
				for k := range m {
					s += a[z*m*m+i*m+k] * b[z*m*m+k*m+j]
				}
				if d := out[z*m*m+i*m+j] - s; d > 1e-5 || d < -1e-5 {
					t.Fatalf("batch %d (%d,%d) = %v, want %v", z, i, j, out[z*m*m+i*m+j], s)
				}
			}
		}
	}
}

// TestTwoPeers checks the table's columns and the records with two peers: one record per
// case and peer, the same gotensor numbers in each.
func TestTwoPeers(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil || exec.Command(py, "-c", "import numpy").Run() != nil {
		t.Skip("no /usr/bin/python3 with NumPy")
	}
	args := []string{"-benchtime", "1ms", "-ceilings=false", "-peer", "numpy,gonum", "-ops", "^add/float64/1000$|^exp/float32/1000$"}
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	if !strings.Contains(out.String(), "numpy   speedup       gonum   speedup") {
		t.Errorf("table lacks the two peers' columns:\n%s", out.String())
	}
	out.Reset()
	if code := run(append(args, "-json"), &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	var rs []Record
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	if len(rs) != 4 || rs[0].Peer != "numpy" || rs[1].Peer != "gonum" || rs[0].Seconds != rs[1].Seconds ||
		rs[0].PeerSeconds <= 0 || rs[1].PeerSeconds <= 0 || rs[3].Op != "exp" || rs[3].PeerSeconds != 0 {
		t.Errorf("records:\n%s", out.String())
	}
}
