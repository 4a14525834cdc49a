package main

import _ "embed"

//go:embed peer_torch.py
var torchScript string

// newTorch is the PyTorch peer: peer_torch.py in a Python with PyTorch (Debian's
// python3-torch by default), one subprocess for the whole run speaking the NumPy peer's
// JSON lines. It runs the training cases (train.go) with torch.nn and torch.optim on the
// CPU at PyTorch's default thread count, and answers the other cases as unsupported.
func newTorch(cfg *config) Peer {
	return &numPy{python: cfg.python, name: "torch", script: torchScript}
}
