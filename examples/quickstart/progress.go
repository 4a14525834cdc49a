package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws a one-line progress bar on stderr: the epoch, the batches done, the time
// spent on the epoch and a rough estimate of what is left of it. A nil *progress draws
// nothing, which is what newProgress gives where stderr is not a terminal and -progress
// was not given (a CI log, a file, a pipe).
type progress struct {
	w      io.Writer
	epochs int
	start  time.Time // of the current epoch
	last   time.Time // of the last redraw
	shown  bool
}

// redrawEvery is the least time between two redraws: drawing costs nothing to the
// training, but a terminal flooded with redraws does.
const redrawEvery = 100 * time.Millisecond

// newProgress returns the progress bar of a run of epochs on w, or nil where none is
// wanted: w is not a terminal and force (-progress) is false.
func newProgress(w io.Writer, epochs int, force bool) *progress {
	if !force && !isTerminal(w) {
		return nil
	}
	return &progress{w: w, epochs: epochs}
}

// isTerminal reports whether w is a terminal: a character device other than /dev/null.
func isTerminal(w io.Writer) bool {
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

// begin starts the clock of an epoch.
func (p *progress) begin() {
	if p != nil {
		p.start, p.last = time.Now(), time.Time{}
	}
}

// show draws the bar of epoch (from 1) with done of total batches finished; it redraws at
// most every redrawEvery, and always at the last batch.
func (p *progress) show(epoch, done, total int) {
	if p == nil || (done < total && time.Since(p.last) < redrawEvery) {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := width * done / max(total, 1)
	el := time.Since(p.start)
	left := ""
	if done > 0 && done < total {
		left = fmt.Sprintf(", ~%s left", (el * time.Duration(total-done) / time.Duration(done)).Round(time.Second))
	}
	fmt.Fprintf(p.w, "\repoch %d/%d [%s%s] %d/%d batches %s%s\x1b[K", epoch, p.epochs,
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total,
		el.Round(100*time.Millisecond), left)
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
