// Command conformance runs a file of NumPy conformance cases (JSON lines, as made by
// shared/conformance/gen.py) against gotensor on one device and reports, per op, how many
// cases ran, passed, failed and were unsupported, then each failure with its case id and
// the difference, and last the line "N passed, M failed, K unsupported".
//
//	go run ./ci/conformance -cases FILE [-device cpu|cuda] [-json]
//
// Without -cases it runs the cases embedded in internal/conformance. With -json it prints
// one JSON object instead: {"passed":N,"failed":M,"unsupported":K,"ops":{...},
// "failures":[{"id":..,"why":..}]}. It exits 1 when a case failed, 2 on a usage error or a
// device that cannot be opened.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/conformance"
	// The CPU backend is linked in by the tensor package, which conformance imports. A
	// CUDA backend registers itself with device.RegisterCUDA from its init: blank-import
	// it here (and in internal/conformance's test) once it exists, so that -device cuda
	// finds it.
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cases := fs.String("cases", "", "JSON-lines case `file` (default: the cases embedded in internal/conformance)")
	dev := fs.String("device", "cpu", "device to run on: cpu or cuda (CUDA device 0)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of the table")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "conformance: unexpected arguments %q\n", fs.Args())
		return 2
	}
	data, name := conformance.NumPyCases, "the embedded case file"
	if *cases != "" {
		name = *cases
		var err error
		if data, err = os.ReadFile(*cases); err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return 2
		}
	}
	var d device.Device
	switch *dev {
	case "cpu":
		d = device.CPU()
	case "cuda":
		var err error
		if d, err = device.CUDA(0); err != nil {
			fmt.Fprintf(stderr, "conformance: -device cuda: CUDA device 0 is not available: %v\n", err)
			return 2
		}
	default:
		fmt.Fprintf(stderr, "conformance: -device %q: want cpu or cuda\n", *dev)
		return 2
	}
	r := conformance.Run(data, d)
	if r.Ran+r.Unsupported == 0 {
		fmt.Fprintf(stderr, "conformance: no cases in %s\n", name)
		return 2
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		if err := enc.Encode(&r); err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return 2
		}
	} else {
		printReport(stdout, &r)
	}
	if r.Failed > 0 {
		return 1
	}
	return 0
}

// printReport writes the per-op table, the failures and, last, the summary line.
func printReport(w io.Writer, r *conformance.Report) {
	fmt.Fprintf(w, "device: %s\n\n", r.Device)
	width := len("total")
	for op := range r.Ops {
		width = max(width, len(op))
	}
	row := func(op string, ran, passed, failed, unsupported any) {
		fmt.Fprintf(w, "%-*s %6v %7v %7v %12v\n", width, op, ran, passed, failed, unsupported)
	}
	row("op", "ran", "passed", "failed", "unsupported")
	for _, op := range r.OpNames() {
		c := r.Ops[op]
		row(op, c.Ran, c.Passed, c.Failed, c.Unsupported)
	}
	row("total", r.Ran, r.Passed, r.Failed, r.Unsupported)
	if len(r.Failures) > 0 {
		fmt.Fprintf(w, "\n%d failures:\n", len(r.Failures))
		for _, f := range r.Failures {
			fmt.Fprintf(w, "FAIL %s: %s\n", f.ID, strings.ReplaceAll(f.Why, "\n", "\n    "))
		}
	}
	if ops := r.UnsupportedOps(); len(ops) > 0 {
		fmt.Fprintf(w, "\nunsupported ops (no handler): %s\n", strings.Join(ops, " "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.Summary())
}
