//go:build !race

package random

const raceEnabled = false
