//go:build !race

package libm

const raceEnabled = false
