package main

import (
	"slices"
	"time"
)

// Budget bounds how long one case is measured.
type Budget struct {
	Time    time.Duration // stop sampling once this much time has been spent (after MinReps)
	MinReps int           // samples taken whatever the time
	MaxReps int           // samples never exceeding this
}

// minSample is the shortest timed sample: calls faster than this are batched so that the
// clock's resolution and the loop overhead do not matter.
const minSample = 200 * time.Microsecond

// maxBatch caps the calls in one sample.
const maxBatch = 1 << 20

// slowReps is the number of samples of a slow call (one whose warm-up took more than
// Budget.Time / Budget.MinReps): the median of three still drops one outlier, and a full
// suite with 4096² products stays within minutes.
const slowReps = 3

// measure times f (followed by sync, which waits for queued device work) after a warm-up
// and returns the median seconds per call. Fast calls are batched into samples of at least
// minSample; the first batch doubles as the warm-up. A slow call takes min(MinReps,
// slowReps) samples. peer_numpy.py follows the same steps.
func measure(f func(), sync func(), b Budget) float64 {
	call := func(n int) time.Duration {
		start := time.Now()
		for range n {
			f()
		}
		sync()
		return time.Since(start)
	}
	// Warm-up and calibration: grow the batch until one batch takes minSample.
	batch, minReps := 1, b.MinReps
	for batch < maxBatch {
		d := call(batch)
		if d >= minSample {
			if batch == 1 && b.MinReps > 0 && d > b.Time/time.Duration(b.MinReps) {
				minReps = min(minReps, slowReps)
			}
			break
		}
		next := 2 * batch
		if d > 0 {
			next = max(next, int(1.2*float64(batch)*float64(minSample)/float64(d)))
		}
		batch = min(next, maxBatch)
	}
	var samples []float64
	start := time.Now()
	for len(samples) < minReps || (time.Since(start) < b.Time && len(samples) < b.MaxReps) {
		d := call(batch)
		samples = append(samples, d.Seconds()/float64(batch))
	}
	return median(samples)
}

// median returns the middle value of xs (the mean of the two middle ones for an even count).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
