//go:build race

package cpu

// raceEnabled turns the recycler off under the race detector: a dead buffer's memory
// lent again reaches its new owner through the garbage collector, an edge the detector
// cannot see, so it would report the new owner's writes as races with the old owner's.
const raceEnabled = true
