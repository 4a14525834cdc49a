package cpu

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
)

// systemMemoryLimits reads MemTotal from /proc/meminfo and the cgroup's memory limit
// (cgroup v2 memory.max, else v1 memory.limit_in_bytes); 0 where unknown or unlimited.
func systemMemoryLimits() (phys, cgroup int64) {
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				fs := strings.Fields(rest) // "16384 kB"
				if len(fs) >= 1 {
					if kb, err := strconv.ParseInt(fs[0], 10, 64); err == nil {
						phys = kb * 1024
					}
				}
				break
			}
		}
		f.Close()
	}
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		v, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
		if err == nil && v > 0 && v < 1<<62 { // "max", or v1's "unlimited" 2^63-4096
			cgroup = v
		}
		break
	}
	return phys, cgroup
}
