//go:build !race

package cpu

import "unsafe"

// raceEnabled is false: see race.go. The annotations are no-ops, and the compiler drops
// the code under "if raceEnabled".
const raceEnabled = false

func raceReleaseMerge(unsafe.Pointer) {}
func raceAcquire(unsafe.Pointer)      {}

const raceNoEdges = false

func setRaceNoEdges(bool) {}

func raceDisable() {}
func raceEnable()  {}
