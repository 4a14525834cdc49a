package cpu

import (
	"fmt"
	"testing"
	"time"
)

func TestZZWake(t *testing.T) {
	Threads()
	for _, gap := range []time.Duration{0, 20 * time.Microsecond, 100 * time.Microsecond, time.Millisecond} {
		var tot time.Duration
		for i := 0; i < 200; i++ {
			s := time.Now()
			for time.Since(s) < gap {
			}
			t0 := time.Now()
			parallelFor(2, 1, func(lo, hi int) {})
			tot += time.Since(t0)
		}
		fmt.Println(gap, tot/200)
	}
}
