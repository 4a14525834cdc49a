// Command gpubench measures gotensor's ops on a device and reports time, GB/s or GFLOP/s,
// and the percentage of the machine's measured ceiling, optionally beside peers (NumPy in
// a subprocess, gonum in-process; PyTorch for the training cases) running the same cases
// in the same run.
//
//	go run ./cmd/gpubench                      # quick suite on the CPU (under 30 s)
//	go run ./cmd/gpubench -full -peer numpy    # every size, with NumPy's times
//	go run ./cmd/gpubench -ops 'matmul|softmax' -json
//	go run ./cmd/gpubench -full -peer numpy,gonum -plot perf.svg   # two peers, and a chart
//	go run ./cmd/gpubench -ops '^(train|quickstart)' -peer torch  # training beside PyTorch
//	go run ./cmd/gpubench -full -peer numpy -rounds 3  # each case and its peers thrice, medians
//
// With -rounds N each case is measured N times, each time right before its peers, and
// the medians are reported: on a shared machine whose speed drifts by tens of percent
// within a minute, that keeps the ratios to the peers steadier than one round does.
//
// At start it measures the ceilings: a STREAM triad over all threads with working sets in
// L2, L3 and DRAM, and a fused multiply-add peak. Memory-bound cases report % of the triad
// of the level that holds their data; matmul and bmm report % of the FMA peak. Small
// memory-bound cases rotate through several input sets so that their data comes from L3,
// as a caller's would, not from L1 or L2 (see copies in suite.go). A progress bar goes to
// stderr for long suites when stderr is a terminal.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// config holds the command line.
type config struct {
	device   string
	full     bool
	ops      string
	format   string // "table", "json" or "csv"
	peer     string // comma-separated peer names
	plot     string // -plot's SVG file, "" for none
	python   string
	ceilings bool
	time     time.Duration // per-case sampling time; 0 for the suite's default
	rounds   int           // measurements of each case, alternating with its peers'
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments and output streams; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}
	d, err := openDevice(cfg.device)
	if err != nil {
		fmt.Fprintf(stderr, "gpubench: %v\n", err)
		return 1
	}
	cases, err := selectCases(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "gpubench: %v\n", err)
		return 2
	}
	ps, err := lookupPeers(cfg.peer, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "gpubench: %v\n", err)
		return 2
	}
	b := budget(cfg.full)
	if cfg.time > 0 {
		b.Time = cfg.time
	}
	// Notes go to stdout above the table, to stderr when stdout carries records.
	notes := stdout
	if cfg.format != "table" {
		notes = stderr
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()

	fmt.Fprintf(notes, "gotensor gpubench %s: device %s, %s suite, %d cases, GOMAXPROCS %d, %s %s/%s, %s\n",
		time.Now().Format("2006-01-02"), d.Name(), suiteName(cfg.full), len(cases),
		runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH, cpuModel())
	var ceil *Ceilings
	if cfg.ceilings {
		ceil = ceilings(d, b, notes)
	}
	if n := rotated(cases); n > 0 {
		fmt.Fprintf(notes, "inputs: %d memory-bound cases under 2 x L2 (%s) x %d threads rotate input sets (see copies in suite.go)\n",
			n, bytesString(cacheSize(2, defaultL2)), defaultThreads())
	}
	ps = startPeers(ps, b, notes)
	var peerNames []string
	for _, p := range ps {
		peerNames = append(peerNames, p.Name())
		defer p.Close()
	}
	if notes == stdout {
		fmt.Fprintln(notes)
	}
	w := newWriter(out, cfg.format, cases, peerNames)
	out.Flush() // the header, before any progress bar
	bar := newProgress(stderr, len(cases), cfg.full)
	var records []Record
	failed := 0
	for i, c := range cases {
		bar.show(i, c)
		r := measureRounds(c, d, b, ceil, ps, peerNames, cfg.rounds, func(name string, err error) {
			bar.clear()
			fmt.Fprintf(stderr, "gpubench: peer %s stopped: %v\n", name, err)
		})
		bar.clear()
		if r.err != nil {
			failed++
			if cfg.format != "table" {
				fmt.Fprintf(stderr, "gpubench: %v: %v\n", c, r.err)
			}
		}
		w.row(r)
		out.Flush()
		records = append(records, r)
	}
	bar.done()
	if err := w.flush(); err != nil {
		fmt.Fprintf(stderr, "gpubench: %v\n", err)
		return 1
	}
	if cfg.plot != "" {
		if err := writePlot(cfg.plot, records, ceil != nil); err != nil {
			fmt.Fprintf(stderr, "gpubench: -plot: %v\n", err)
			return 1
		}
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "gpubench: %d of %d cases failed\n", failed, len(cases))
		return 1
	}
	return 0
}

// measureRounds measures case c on d rounds times and, after each, each peer of ps
// (those stopped are nil) on it, so that gotensor and its peers see the same machine
// through each round (this matters on a shared, noisy one). It returns gotensor's
// record of the median time and each peer's median time. A peer that fails is stopped
// (its entry of ps set to nil) and reported to stopped.
func measureRounds(c Case, d device.Device, b Budget, ceil *Ceilings, ps []Peer, names []string, rounds int, stopped func(string, error)) Record {
	var rs []Record
	secs := make([][]float64, len(ps))
	for range max(rounds, 1) {
		r := runCase(c, d, b, ceil)
		if r.err != nil {
			return r
		}
		rs = append(rs, r)
		for j, p := range ps {
			if p == nil {
				continue
			}
			t, err := p.Measure(c)
			if err != nil {
				stopped(names[j], err)
				ps[j] = nil
				t = 0
			}
			secs[j] = append(secs[j], t)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Seconds < rs[j].Seconds })
	r := rs[(len(rs)-1)/2]
	r.peers = make([]PeerTime, len(ps))
	for j := range ps {
		r.peers[j].Name = names[j]
		if len(secs[j]) == 0 || slices.Contains(secs[j], 0) {
			continue // stopped, or a case the peer cannot run
		}
		r.peers[j].Seconds = median(secs[j])
	}
	return r
}

// ceilings measures and prints the ceilings of d, or returns nil where gpubench has no
// probes for the device yet.
func ceilings(d device.Device, b Budget, notes io.Writer) *Ceilings {
	if !d.IsHost() {
		// A device's own probes (a copy kernel, an FMA kernel) belong here (issue 3).
		fmt.Fprintf(notes, "ceilings: not measured on %s yet: no %% of ceiling\n", d.Name())
		return nil
	}
	c := measureCeilings(defaultThreads(), 10*b.MinReps)
	printCeilings(notes, c)
	return c
}

// startPeers starts the peers and notes what each is; a peer that cannot start is a
// one-line note and is left out, never an error.
func startPeers(ps []Peer, b Budget, notes io.Writer) []Peer {
	var started []Peer
	for _, p := range ps {
		desc, err := p.Start(b)
		if err != nil {
			fmt.Fprintf(notes, "peer %s: not measured: %v\n", p.Name(), err)
			continue
		}
		fmt.Fprintf(notes, "peer: %s\n", desc)
		started = append(started, p)
	}
	return started
}

// parseFlags reads the command line into a config.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("gpubench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	fs.StringVar(&cfg.device, "device", "cpu", "device to measure: cpu or cuda (CUDA device 0)")
	quick := fs.Bool("quick", true, "the quick suite: a few sizes per op, under 30 s on 2 cores (the default)")
	fs.BoolVar(&cfg.full, "full", false, "the full suite: every size (overrides -quick)")
	fs.StringVar(&cfg.ops, "ops", "", "run only cases whose name op/dtype/shape matches this regexp, e.g. 'matmul/float64' or '^add'")
	asJSON := fs.Bool("json", false, "write one JSON record per case, or per case and peer with -peer (notes go to stderr)")
	asCSV := fs.Bool("csv", false, "write CSV, one row per case, or per case and peer with -peer (notes go to stderr)")
	fs.StringVar(&cfg.peer, "peer", "", "also time the cases with peers in the same run, comma-separated: "+peerNames()+
		" (-json and -csv then write one record per case and peer)")
	fs.StringVar(&cfg.plot, "plot", "", "also draw % of ceiling per case (and each peer's) as a horizontal bar chart into this SVG file (PNG or PDF if it ends so)")
	fs.StringVar(&cfg.python, "python", "/usr/bin/python3", "the Python interpreter of -peer numpy and -peer torch (python3 on PATH if this one is missing)")
	fs.DurationVar(&cfg.time, "benchtime", 0, "time spent sampling each case after warm-up (default 250ms quick, 1s full)")
	fs.IntVar(&cfg.rounds, "rounds", 1, "measure each case this many times, alternating with its peers, and report the medians (ratios steadier on a noisy machine)")
	fs.BoolVar(&cfg.ceilings, "ceilings", true, "measure the machine's ceilings first (triad bandwidth, FMA peak)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: gpubench [flags]\n\nMeasures gotensor's ops: time, GB/s or GFLOP/s, %% of the machine's ceiling.\n\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nops: %s\n", strings.Join(opNames(), ", "))
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gpubench: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return nil, flag.ErrHelp
	}
	if cfg.rounds < 1 {
		fmt.Fprintf(stderr, "gpubench: -rounds %d: want at least 1\n", cfg.rounds)
		return nil, flag.ErrHelp
	}
	if cfg.plot != "" && !cfg.ceilings {
		fmt.Fprintln(stderr, "gpubench: -plot draws % of ceiling: it needs -ceilings")
		return nil, flag.ErrHelp
	}
	cfg.full = cfg.full || !*quick
	cfg.format = "table"
	switch {
	case *asJSON && *asCSV:
		fmt.Fprintln(stderr, "gpubench: -json and -csv exclude each other")
		return nil, flag.ErrHelp
	case *asJSON:
		cfg.format = "json"
	case *asCSV:
		cfg.format = "csv"
	}
	return cfg, nil
}

// openDevice returns the device named by -device.
func openDevice(name string) (device.Device, error) {
	switch name {
	case "cpu":
		return device.CPU(), nil
	case "cuda":
		d, err := device.CUDA(0)
		if err != nil {
			return nil, fmt.Errorf("-device cuda: %w", err)
		}
		return d, nil
	}
	return nil, fmt.Errorf("unknown device %q: want cpu or cuda", name)
}

// selectCases returns the suite's cases that -ops selects, each with the number of input
// sets it rotates through on this machine.
func selectCases(cfg *config) ([]Case, error) {
	re, err := regexp.Compile(cfg.ops)
	if err != nil {
		return nil, fmt.Errorf("-ops: %v", err)
	}
	l2, threads := cacheSize(2, defaultL2), defaultThreads()
	var cs []Case
	for _, c := range suite(cfg.full) {
		if re.MatchString(c.String()) {
			c.Copies = copies(c, l2, threads)
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("-ops %q selects no case; names look like %v", cfg.ops, suite(false)[0])
	}
	return cs, nil
}

// rotated counts the cases with more than one input set.
func rotated(cs []Case) int {
	n := 0
	for _, c := range cs {
		if c.Copies > 1 {
			n++
		}
	}
	return n
}

// budget is the measuring budget of one case.
func budget(full bool) Budget {
	if full {
		return Budget{Time: time.Second, MinReps: 5, MaxReps: 500}
	}
	return Budget{Time: 250 * time.Millisecond, MinReps: 3, MaxReps: 100}
}

func suiteName(full bool) string {
	if full {
		return "full"
	}
	return "quick"
}

// runCase prepares and measures one case. A panic from tensor (an op the device lacks)
// becomes the record's error.
func runCase(c Case, d device.Device, b Budget, ceil *Ceilings) (r Record) {
	op := ops[c.Op]
	r = Record{Op: c.Op, DType: c.DType, Shape: c.Shape, Device: d.Name()}
	sync := func() {
		if err := d.Sync(); err != nil {
			panic(err)
		}
	}
	r.err = tensor.Try(func() {
		if op.Train != nil {
			r.Seconds, r.PerStep = measureTraining(c, d, b, sync)
			return
		}
		f := prepare(c, d)
		sync()
		r.Seconds = measure(f, sync, b)
	})
	if r.err != nil {
		return r
	}
	r.GBps = op.Bytes(c) / r.Seconds / 1e9
	if op.Flops != nil {
		r.GFLOPs = op.Flops(c) / r.Seconds / 1e9
	}
	switch {
	case ceil == nil:
	case op.Compute:
		peak := ceil.PeakF32
		if c.DType == "float64" {
			peak = ceil.PeakF64
		}
		r.CeilingPct, r.ceiling = 100*r.GFLOPs/peak, "FMA"
	default:
		l := ceil.bandwidth(footprint(c))
		r.CeilingPct, r.ceiling = 100*r.GBps/l.GBps, l.Name
	}
	return r
}

// printCeilings writes the measured ceilings as two lines.
func printCeilings(w io.Writer, c *Ceilings) {
	var lv []string
	for _, l := range c.Levels {
		size := ""
		if l.Bytes > 0 {
			size = fmt.Sprintf(" (%s)", bytesString(l.Bytes))
		}
		lv = append(lv, fmt.Sprintf("%s%s %.1f GB/s", l.Name, size, l.GBps))
	}
	fmt.Fprintf(w, "ceilings (%s, %d threads): triad %s\n", c.Method, c.Threads, strings.Join(lv, ", "))
	fmt.Fprintf(w, "  FMA peak %.1f GFLOP/s float32, %.1f GFLOP/s float64\n", c.PeakF32, c.PeakF64)
}

// bytesString writes a size in KiB or MiB.
func bytesString(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// cpuModel returns the processor's name from /proc/cpuinfo, or GOARCH.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}

// opNames lists the ops for the usage message.
func opNames() []string {
	var n []string
	for _, c := range suite(true) {
		if !slices.Contains(n, c.Op) {
			n = append(n, c.Op)
		}
	}
	return n
}
