package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gotensor/gotensor/device"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestMeasureBatchesFastCalls(t *testing.T) {
	calls := 0
	s := measure(func() { calls++ }, func() {}, Budget{Time: time.Millisecond, MinReps: 3, MaxReps: 5})
	if s <= 0 || s > 1e-4 {
		t.Errorf("measure of an empty call = %v s, want a small positive time", s)
	}
	if calls < 100 {
		t.Errorf("an empty call ran %d times: fast calls are not batched", calls)
	}
}

// TestMeasureSlowCalls checks that a call slower than Time/MinReps gets slowReps samples
// after its warm-up, not MinReps.
func TestMeasureSlowCalls(t *testing.T) {
	calls := 0
	measure(func() { calls++; time.Sleep(3 * time.Millisecond) }, func() {}, Budget{Time: 5 * time.Millisecond, MinReps: 5, MaxReps: 100})
	if calls != 1+slowReps {
		t.Errorf("a slow call ran %d times, want a warm-up and %d samples", calls, slowReps)
	}
}

func TestTriadMatchesScalar(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 17, 33, 1023} {
		a, b, c := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range b {
			b[i], c[i] = float64(i), float64(2*i+1)
		}
		triadOnce(a, b, c, 0.5)
		for i := range a {
			if want := b[i] + 0.5*c[i]; a[i] != want {
				t.Fatalf("n=%d: a[%d] = %v, want %v", n, i, a[i], want)
			}
		}
	}
}

func TestCeilingLevels(t *testing.T) {
	c := &Ceilings{Levels: []Level{{"L2", 1 << 20, 300}, {"L3", 32 << 20, 100}, {"DRAM", 0, 30}}}
	for _, tc := range []struct {
		ws   float64
		want string
	}{{1000, "L2"}, {1 << 20, "L2"}, {2 << 20, "L3"}, {1 << 30, "DRAM"}} {
		if got := c.bandwidth(tc.ws).Name; got != tc.want {
			t.Errorf("bandwidth(%v) = %s, want %s", tc.ws, got, tc.want)
		}
	}
	if got := fmaPeak(1, 1, false); got <= 0 || math.IsInf(got, 0) {
		t.Errorf("fmaPeak = %v, want a positive rate", got)
	}
}

func TestSuites(t *testing.T) {
	for _, full := range []bool{false, true} {
		seen := map[string]bool{}
		for _, c := range suite(full) {
			if _, ok := ops[c.Op]; !ok {
				t.Errorf("case %v: no op %q", c, c.Op)
			}
			if seen[c.String()] {
				t.Errorf("case %v appears twice", c)
			}
			seen[c.String()] = true
		}
	}
}

// TestEveryOpRuns runs each op once on a small input: every op of the suite works. The
// training cases take seconds: TestTrainCasesLearn and TestTrainRecord run them.
func TestEveryOpRuns(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-benchtime", "1ms", "-ceilings=false", "-json", "-ops", "/(1000|1000000|256x256|1000x1000|1024x1024|64x128x128|10x100|1000x3|64x512x10|64x10x512|10x64x512)$"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if len(r) != 10 {
			t.Errorf("record %s has %d fields, want 10", line, len(r))
		}
		for _, k := range []string{"op", "dtype", "shape", "device", "seconds", "gbps", "gflops", "ceiling_pct", "peer", "peer_seconds"} {
			if _, ok := r[k]; !ok {
				t.Errorf("record %s lacks %q", line, k)
			}
		}
		if s, _ := r["seconds"].(float64); s <= 0 {
			t.Errorf("record %s: seconds not positive", line)
		}
		seen[r["op"].(string)] = true
	}
	for _, name := range opNames() {
		if !seen[name] && ops[name].Train == nil {
			t.Errorf("no record for op %s:\n%s", name, out.String())
		}
	}
}

func TestTableAndCSV(t *testing.T) {
	var out, errb bytes.Buffer
	svg := filepath.Join(t.TempDir(), "run.svg")
	if code := run([]string{"-ops", "^add/float32/1000$", "-plot", svg}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	checkSVG(t, svg)
	for _, want := range []string{"ceilings (", "FMA peak", "op ", "% ceiling", "add ", "float32", "1000"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"-ceilings=false", "-csv", "-ops", "^sum/float32/1000$"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "op,dtype,shape,device,seconds") || !strings.HasPrefix(lines[1], "sum,float32,1000,cpu,") {
		t.Errorf("csv output:\n%s", out.String())
	}
}

func TestBadArguments(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-ops", "("}, 2, "-ops"},
		{[]string{"-ops", "nosuchop"}, 2, "selects no case"},
		{[]string{"-device", "tpu"}, 1, "unknown device"},
		{[]string{"-peer", "matlab"}, 2, "unknown peer"},
		{[]string{"-peer", "numpy,gonum,numpy"}, 2, "named twice"},
		{[]string{"-json", "-csv"}, 2, "exclude"},
		{[]string{"-plot", "x.svg", "-ceilings=false"}, 2, "needs -ceilings"},
		{[]string{"-rounds", "0"}, 2, "want at least 1"},
	} {
		var out, errb bytes.Buffer
		code := run(tc.args, &out, &errb)
		if code != tc.code || !strings.Contains(errb.String(), tc.msg) {
			t.Errorf("gpubench %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errb.String(), tc.code, tc.msg)
		}
	}
}

// TestNoCUDA checks that a machine without CUDA gets a message and exit status 1.
func TestNoCUDA(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-device", "cuda", "-ceilings=false", "-ops", "^add/float32/1000$"}, &out, &errb)
	if code == 0 {
		t.Skip("a CUDA device is present")
	}
	if code != 1 || !strings.Contains(errb.String(), "-device cuda") {
		t.Errorf("exit %d, stderr %q; want exit 1 and a message naming -device cuda", code, errb.String())
	}
}

func TestNumPyPeer(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil || exec.Command(py, "-c", "import numpy").Run() != nil {
		t.Skip("no /usr/bin/python3 with NumPy")
	}
	var out, errb bytes.Buffer
	code := run([]string{"-benchtime", "1ms", "-ceilings=false", "-json", "-peer", "numpy", "-ops", "^(add|softmax)/float32/(1000|1000x1000)$"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if r.Peer != "numpy" || r.PeerSeconds <= 0 {
			t.Errorf("record %s: want peer numpy with a time", line)
		}
	}
}

func TestMissingPeerIsANote(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-ceilings=false", "-peer", "numpy", "-python", "/nonexistent/python3", "-ops", "^add/float32/1000$"}, &out, &errb)
	if code != 0 {
		t.Fatalf("a missing peer must not fail the run: exit %d, stderr:\n%s", code, errb.String())
	}
}

// fakePeer returns the times in secs in turn, or err once they run out.
type fakePeer struct {
	secs  []float64
	calls int
	err   error
}

func (p *fakePeer) Name() string                 { return "fake" }
func (p *fakePeer) Start(Budget) (string, error) { return "fake", nil }
func (p *fakePeer) Close() error                 { return nil }
func (p *fakePeer) Measure(Case) (float64, error) {
	p.calls++
	if p.calls > len(p.secs) {
		return 0, p.err
	}
	return p.secs[p.calls-1], nil
}

// TestMeasureRounds checks -rounds: each round measures the case and then every peer
// still running, the peers' medians are reported, and a peer that fails in a later
// round is stopped and reports no time.
func TestMeasureRounds(t *testing.T) {
	c := Case{Op: "add", DType: "float32", Shape: []int{1000}}
	b := Budget{Time: time.Millisecond, MinReps: 3, MaxReps: 5}
	good := &fakePeer{secs: []float64{3e-6, 1e-6, 2e-6}}
	bad := &fakePeer{secs: []float64{5e-6}, err: errors.New("gone")}
	ps := []Peer{good, bad}
	var stopped []string
	r := measureRounds(c, device.CPU(), b, nil, ps, []string{"good", "bad"}, 3, func(name string, err error) {
		stopped = append(stopped, name+": "+err.Error())
	})
	require.NoError(t, r.err)
	assert.Greater(t, r.Seconds, 0.0)
	assert.Equal(t, 3, good.calls, "the good peer's measurements")
	assert.Equal(t, 2, bad.calls, "the failing peer is not asked again")
	assert.Equal(t, []string{"bad: gone"}, stopped)
	assert.Nil(t, ps[1], "the failing peer is stopped")
	require.Len(t, r.peers, 2)
	assert.Equal(t, PeerTime{Name: "good", Seconds: 2e-6}, r.peers[0])
	assert.Equal(t, PeerTime{Name: "bad"}, r.peers[1])
}
