//go:build !unix && !windows

package main

import "math"

// cpuMillis: the process's CPU time is not available on this OS (js/wasm, plan9, wasip1);
// the report prints NaN for it.
func cpuMillis() float64 { return math.NaN() }
