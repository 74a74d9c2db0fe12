// Package memstat reads what a process holds in memory, for benchmarks
// that must show memory stays flat.
package memstat

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// RSS returns the resident set size of process pid, in bytes (Linux).
func RSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("memstat: no VmRSS for process %d", pid)
}

// Self returns this process's Go heap in use after a full collection and
// its resident set size after memory was handed back to the system.
func Self() (heap, rss int64, err error) {
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	rss, err = RSS(os.Getpid())
	return int64(m.HeapInuse), rss, err
}

// MB converts bytes to mebibytes, for reports.
func MB(b int64) float64 { return float64(b) / (1 << 20) }
