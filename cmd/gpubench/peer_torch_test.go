package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// torchPython is the interpreter the torch peer's tests use.
const torchPython = "/usr/bin/python3"

// TestTorchPeer runs train_step_mlp with -peer torch: a time from PyTorch through the JSON
// line protocol, and "unsupported" (no time, no error) for a case that is not training.
func TestTorchPeer(t *testing.T) {
	if _, err := os.Stat(torchPython); err != nil || exec.Command(torchPython, "-c", "import torch").Run() != nil {
		t.Skip("no " + torchPython + " with PyTorch")
	}
	var out, errb bytes.Buffer
	code := run([]string{"-benchtime", "1ms", "-ceilings=false", "-json", "-peer", "torch", "-python", torchPython,
		"-ops", "^(train_step_mlp/float32/256x784|add/float32/1000)$"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "peer: torch ") {
		t.Errorf("no note of the peer's version:\n%s", errb.String())
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		seen[r.Op] = true
		switch {
		case r.Peer != "torch":
			t.Errorf("record %s: want peer torch", line)
		case r.Op == "train_step_mlp" && r.PeerSeconds <= 0:
			t.Errorf("record %s: want PyTorch's time", line)
		case r.Op == "add" && r.PeerSeconds != 0:
			t.Errorf("record %s: the torch peer runs training cases only", line)
		}
	}
	if !seen["train_step_mlp"] || !seen["add"] {
		t.Errorf("records:\n%s", out.String())
	}
}

// TestSyntheticMatchesPython checks that peer_torch.py generates the same images and
// labels as synthetic, bit for bit (the script's --synthetic mode needs NumPy only).
func TestSyntheticMatchesPython(t *testing.T) {
	if _, err := os.Stat(torchPython); err != nil || exec.Command(torchPython, "-c", "import numpy").Run() != nil {
		t.Skip("no " + torchPython + " with NumPy")
	}
	const n = 1100 // more than one chunk of 1024 images
	b, err := exec.Command(torchPython, "-c", torchScript, "--synthetic", "1100").Output()
	if err != nil {
		t.Fatalf("peer_torch.py --synthetic: %v", err)
	}
	var want struct{ Images, Labels string }
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	x, y := synthetic(n)
	h := sha256.New()
	for _, v := range tensor.ToSlice[float32](x) {
		binary.Write(h, binary.LittleEndian, math.Float32bits(v))
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want.Images {
		t.Errorf("images: SHA-256 %s in Go, %s in Python", got, want.Images)
	}
	h.Reset()
	binary.Write(h, binary.LittleEndian, tensor.ToSlice[int64](y))
	if got := hex.EncodeToString(h.Sum(nil)); got != want.Labels {
		t.Errorf("labels: SHA-256 %s in Go, %s in Python", got, want.Labels)
	}
}
