package main

import "golang.org/x/sys/windows"

// cpuMillis is the process's user and system CPU time in milliseconds.
func cpuMillis() float64 {
	var creation, exit, kernel, user windows.Filetime
	if err := windows.GetProcessTimes(windows.CurrentProcess(), &creation, &exit, &kernel, &user); err != nil {
		return 0
	}
	ticks := func(f windows.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) } // 100 ns
	return float64(ticks(kernel)+ticks(user)) / 1e4
}
