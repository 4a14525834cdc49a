package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

//go:embed peer_numpy.py
var numpyScript string

// numPy runs the cases through a Python interpreter with NumPy (Debian's python3-numpy by
// default) in one subprocess that lives for the whole run, speaking JSON lines (see
// peer_numpy.py). The torch peer is the same with another script (peer_torch.go).
type numPy struct {
	python string
	name   string // the -peer name: "numpy", or "torch" for peer_torch.py
	script string // the program: peer_numpy.py, or another that speaks its protocol
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Scanner
	stderr bytes.Buffer
}

func newNumPy(cfg *config) Peer {
	return &numPy{python: cfg.python, name: "numpy", script: numpyScript}
}

// Name implements Peer.
func (p *numPy) Name() string { return p.name }

// interpreter returns the Python to run: the configured one if it exists, else python3 on
// PATH.
func (p *numPy) interpreter() (string, error) {
	if _, err := os.Stat(p.python); err == nil {
		return p.python, nil
	}
	if path, err := exec.LookPath("python3"); err == nil {
		return path, nil
	}
	return "", fmt.Errorf("no Python found (%s, or python3 on PATH)", p.python)
}

// numpyReply is one line of the script's answers.
type numpyReply struct {
	Version     string  `json:"version"`
	Error       string  `json:"error"`
	Seconds     float64 `json:"seconds"`
	Unsupported string  `json:"unsupported"`
}

// Start implements Peer: it starts the script and sends the budget.
func (p *numPy) Start(b Budget) (string, error) {
	py, err := p.interpreter()
	if err != nil {
		return "", err
	}
	p.cmd = exec.Command(py, "-c", p.script)
	p.cmd.Stderr = &p.stderr
	if p.in, err = p.cmd.StdinPipe(); err != nil {
		return "", err
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	p.out = bufio.NewScanner(stdout)
	if err := p.cmd.Start(); err != nil {
		return "", fmt.Errorf("%s: %v", py, err)
	}
	r, err := p.reply()
	if err == nil && r.Version == "" {
		err = errors.New("no version line")
	}
	if err != nil {
		p.Close()
		return "", fmt.Errorf("%s: %v", py, err)
	}
	if err := p.send(map[string]any{"seconds": b.Time.Seconds(), "min_reps": b.MinReps,
		"max_reps": b.MaxReps, "min_sample": minSample.Seconds(), "slow_reps": slowReps}); err != nil {
		p.Close()
		return "", err
	}
	p.settle() // OpenBLAS starts its threads polling at import
	return r.Version + " (" + py + ")", nil
}

// numpyCase is a case as the script reads it: the Case's fields and the op's input domain.
type numpyCase struct {
	Case
	Domain Domain `json:"domain"`
}

// Measure implements Peer.
func (p *numPy) Measure(c Case) (float64, error) {
	if err := p.send(numpyCase{c, domainOf(c.Op)}); err != nil {
		return 0, err
	}
	r, err := p.reply()
	if err != nil {
		return 0, err
	}
	p.settle()
	return r.Seconds, nil
}

// settle waits until the script's process stops using the CPU. After a call, OpenBLAS's
// worker threads poll for more work for about 0.1 s (a whole core each, measured with
// NumPy 1.24's OpenBLAS 0.3.21) and OpenMP's (PyTorch's) up to 0.2 s before they sleep;
// the case gotensor measures next would share its cores with them. It returns once a
// 30 ms window passes without a clock tick of CPU time, after a second at most, and at
// once where /proc is missing.
func (p *numPy) settle() {
	pid := p.cmd.Process.Pid
	prev, ok := procTicks(pid)
	for deadline := time.Now().Add(time.Second); ok && time.Now().Before(deadline); {
		time.Sleep(30 * time.Millisecond)
		cur, ok2 := procTicks(pid)
		if !ok2 || cur == prev {
			return
		}
		prev = cur
	}
}

// procTicks returns the user and system CPU time of process pid, all its threads, in
// clock ticks, from /proc/pid/stat.
func procTicks(pid int) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The fields after the command name, which is in parentheses and may hold spaces:
	// state is the first, utime the 12th, stime the 13th.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	return u + s, err1 == nil && err2 == nil
}

// Close implements Peer: closing stdin ends the script.
func (p *numPy) Close() error {
	if p.cmd == nil || p.cmd.Process == nil {
		return nil
	}
	p.in.Close()
	err := p.cmd.Wait()
	p.cmd = nil
	return err
}

func (p *numPy) send(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = p.in.Write(append(b, '\n'))
	return err
}

// reply reads one line of the script's output; an {"error"} line or the script's death is
// an error carrying the last line of its stderr.
func (p *numPy) reply() (numpyReply, error) {
	var r numpyReply
	if !p.out.Scan() {
		p.Close() // waits for the script, and for its stderr to be copied
		msg := "exited"
		if s := strings.TrimSpace(p.stderr.String()); s != "" {
			lines := strings.Split(s, "\n")
			msg += ": " + lines[len(lines)-1]
		}
		return r, errors.New(msg)
	}
	if err := json.Unmarshal(p.out.Bytes(), &r); err != nil {
		return r, fmt.Errorf("bad output %q: %v", p.out.Text(), err)
	}
	if r.Error != "" {
		return r, errors.New(r.Error)
	}
	return r, nil
}
