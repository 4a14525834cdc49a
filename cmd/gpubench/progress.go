package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressCases is the number of cases above which a suite counts as long and gets a
// progress bar (the full suite always does).
const progressCases = 20

// progressWidth is the most columns a progress line takes, so that it never wraps on an
// 80-column terminal (a wrapped line cannot be redrawn in place).
const progressWidth = 79

// progress draws a one-line progress bar on a terminal: the cases done, the case being
// measured, the time spent and a rough estimate of the time left. A nil *progress draws
// nothing, which is what newProgress gives for a short suite or a stderr that is not a
// terminal (a CI log, a file, a pipe).
type progress struct {
	w     io.Writer
	n     int
	start time.Time
	shown bool // a line is on the screen
}

// newProgress returns the progress bar of a suite of n cases on w, or nil where none is
// drawn.
func newProgress(w io.Writer, n int, full bool) *progress {
	if !(full || n > progressCases) || !isTerminal(w) {
		return nil
	}
	return &progress{w: w, n: n, start: time.Now()}
}

// isTerminal reports whether w is a terminal: a character device other than /dev/null.
// It is a variable so tests can stand in a terminal.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}

// show draws the bar with i cases done and case c running.
func (p *progress) show(i int, c Case) {
	if p == nil {
		return
	}
	const width = 20
	filled := width * i / p.n
	el := time.Since(p.start)
	left := ""
	if i > 0 {
		left = fmt.Sprintf(", ~%s left", (el * time.Duration(p.n-i) / time.Duration(i)).Round(time.Second))
	}
	line := fmt.Sprintf("[%s%s] %d/%d %s %s%s", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		i, p.n, c, el.Round(time.Second), left)
	if r := []rune(line); len(r) > progressWidth {
		line = string(r[:progressWidth])
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	p.shown = true
}

// clear erases the bar, so that other output can take the line.
func (p *progress) clear() {
	if p == nil || !p.shown {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.shown = false
}

// done erases the bar at the end of the suite.
func (p *progress) done() { p.clear() }
