//go:build race

package cpu

import (
	"runtime"
	"unsafe"
)

// raceEnabled is true under the race detector. The recycler runs as in other builds, and
// tells the detector about each hand-over of memory from one buffer to the next (see
// "The race detector" in recycle.go): raceReleaseMerge where memory goes back to the pool,
// raceAcquire where it is lent again.
const raceEnabled = true

func raceReleaseMerge(p unsafe.Pointer) {
	if !raceNoEdges {
		runtime.RaceReleaseMerge(p)
	}
}

func raceAcquire(p unsafe.Pointer) {
	if !raceNoEdges {
		runtime.RaceAcquire(p)
	}
}

// raceNoEdges, set by a test, drops the annotations of the hand-overs (recycle.go), to
// show that the detector then reports them.
var raceNoEdges bool

func setRaceNoEdges(v bool) { raceNoEdges = v }

func raceDisable() { runtime.RaceDisable() }
func raceEnable()  { runtime.RaceEnable() }
