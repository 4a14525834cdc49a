//go:build !race

package cpu

// raceEnabled is false: see race.go.
const raceEnabled = false
