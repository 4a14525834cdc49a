package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Level is one bandwidth ceiling: the STREAM triad (a = b + s*c, 24 bytes per element
// counted, as STREAM does) over all threads with a working set that fits the level.
type Level struct {
	Name  string  // "L2", "L3", "DRAM"
	Bytes int     // the capacity the level stands for: data up to this size uses its ceiling
	GBps  float64 // measured
}

// Ceilings are the machine's measured limits, the denominators of "% of ceiling".
type Ceilings struct {
	Threads int
	Method  string  // "avx2+fma" (assembly probes) or "scalar Go" (a lower bound)
	Levels  []Level // by increasing size; the last one (DRAM) has no size limit
	PeakF32 float64 // GFLOP/s, FMA over all threads
	PeakF64 float64
}

// bandwidth returns the ceiling for a working set of ws bytes: the smallest level that
// holds it.
func (c *Ceilings) bandwidth(ws float64) Level {
	for _, l := range c.Levels[:len(c.Levels)-1] {
		if ws <= float64(l.Bytes) {
			return l
		}
	}
	return c.Levels[len(c.Levels)-1]
}

// probeTrial is the length of one timed run of a probe. Short trials, many of them, with
// the best one counting: on a shared machine some trial finds the cores free.
const probeTrial = 5 * time.Millisecond

// measureCeilings runs the triad at each cache level and the FMA loops on every thread.
// trials is the number of timed runs of each probe; the best counts.
func measureCeilings(threads, trials int) *Ceilings {
	l2, l3 := cacheSize(2, defaultL2), cacheSize(3, 32<<20)
	c := &Ceilings{Threads: threads, Method: "scalar Go (a lower bound)"}
	if simdProbe != "" {
		c.Method = simdProbe + " assembly"
	}
	// Per level, the triad's three arrays fill about half of it (all threads together for
	// the shared L3, per thread for the private L2); DRAM gets 8x the L3.
	c.Levels = []Level{
		{"L2", l2, triad(threads, l2/2/24, trials)},
		{"L3", l3, triad(threads, l3/2/24/threads, trials)},
		{"DRAM", 0, triad(threads, max(8*l3, 64<<20)/24/threads, trials)},
	}
	c.PeakF32 = fmaPeak(threads, trials, false)
	c.PeakF64 = fmaPeak(threads, trials, true)
	return c
}

// defaultL2 is the L2 size assumed where sysfs does not tell it.
const defaultL2 = 512 << 10

// cacheSize reads the size of cache level `level` of CPU 0 from Linux's sysfs, or returns
// def.
func cacheSize(level, def int) int {
	for i := range 8 {
		dir := "/sys/devices/system/cpu/cpu0/cache/index" + strconv.Itoa(i) + "/"
		lv, err := os.ReadFile(dir + "level")
		if err != nil {
			break
		}
		typ, _ := os.ReadFile(dir + "type")
		if strings.TrimSpace(string(lv)) != strconv.Itoa(level) || strings.TrimSpace(string(typ)) == "Instruction" {
			continue
		}
		sz, _ := os.ReadFile(dir + "size")
		s := strings.TrimSpace(string(sz))
		mult := 1
		switch {
		case strings.HasSuffix(s, "K"):
			mult, s = 1<<10, strings.TrimSuffix(s, "K")
		case strings.HasSuffix(s, "M"):
			mult, s = 1<<20, strings.TrimSuffix(s, "M")
		}
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n * mult
		}
	}
	return def
}

// parallel runs f(thread) on threads goroutines at once and returns the wall time.
func parallel(threads int, f func(thread int)) time.Duration {
	var wg sync.WaitGroup
	start := time.Now()
	for t := range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(t)
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// triad returns the best GB/s of a = b + s*c with n float64 elements per thread.
func triad(threads, n, trials int) float64 {
	n = max(n&^15, 16)
	type arrays struct{ a, b, c []float64 }
	per := make([]arrays, threads)
	parallel(threads, func(t int) { // each thread touches its own pages first
		p := arrays{make([]float64, n), make([]float64, n), make([]float64, n)}
		for i := range p.b {
			p.b[i], p.c[i] = 1, 2
		}
		per[t] = p
	})
	run := func(reps int) time.Duration {
		return parallel(threads, func(t int) {
			p := per[t]
			for range reps {
				triadOnce(p.a, p.b, p.c, 0.5)
			}
		})
	}
	// Repeat the pass so one trial lasts about probeTrial.
	reps := 1
	for d := run(1); d < probeTrial && reps < 1<<20; {
		reps *= 2
		d = run(reps)
	}
	best := 0.0
	for range trials {
		d := run(reps).Seconds()
		best = max(best, 24*float64(n)*float64(threads)*float64(reps)/d/1e9)
	}
	return best
}

// triadOnce sets a = b + s*c, with the SIMD probe where the build has one.
func triadOnce(a, b, c []float64, s float64) {
	i := 0
	if simdProbe != "" {
		triadAVX2(a, b, c, s)
		i = len(a) &^ 15
	}
	for ; i < len(a); i++ {
		a[i] = b[i] + s*c[i]
	}
}

// fmaPeak returns the best GFLOP/s of independent fused multiply-adds on every thread.
func fmaPeak(threads, trials int, f64 bool) float64 {
	loop, flops := fmaLoopF32, 192.0
	switch {
	case wideFMA && f64:
		loop, flops = fmaLoopF64x512, 384
	case wideFMA:
		loop, flops = fmaLoopF32x512, 768
	case f64:
		loop, flops = fmaLoopF64, 96.0
	}
	if simdProbe == "" {
		loop, flops = scalarFMA, 16
	}
	n := 1 << 16
	for parallel(threads, func(int) { loop(n) }) < probeTrial && n < 1<<30 {
		n *= 2
	}
	best := 0.0
	for range trials {
		d := parallel(threads, func(int) { loop(n) }).Seconds()
		best = max(best, flops*float64(n)*float64(threads)/d/1e9)
	}
	return best
}

// scalarFMA runs n iterations of 8 independent scalar multiply-adds (16 flops each), the
// estimate where no SIMD probe exists.
func scalarFMA(n int) {
	x := [8]float64{1, 2, 3, 4, 5, 6, 7, 8}
	for range n {
		for j := range x {
			x[j] = x[j]*0.999999 + 1e-9
		}
	}
	sink = x[0]
}

// sink keeps the scalar probe's result alive.
var sink float64

// defaultThreads is the number of threads the probes use: what Go schedules on.
func defaultThreads() int { return runtime.GOMAXPROCS(0) }
