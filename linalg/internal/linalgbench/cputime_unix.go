//go:build unix

package main

import "syscall"

// cpuMillis is the process's user and system CPU time in milliseconds.
func cpuMillis() float64 {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0
	}
	return float64(r.Utime.Nano()+r.Stime.Nano()) / 1e6
}
