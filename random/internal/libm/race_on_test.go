//go:build race

package libm

// raceEnabled makes the long stream tests run as with -short under the race detector,
// which slows them about tenfold and has nothing to find in them.
const raceEnabled = true
