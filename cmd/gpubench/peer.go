package main

import (
	"fmt"
	"sort"
	"strings"
)

// Peer is another implementation that runs the same cases in the same gpubench run, so
// results come as ratios measured side by side, each case right after gotensor's own
// measurement of it: NumPy in a subprocess now; gonum in-process and PyTorch on the GPU
// can follow by adding to peers.
type Peer interface {
	// Name is the -peer value and the peer column's heading ("numpy").
	Name() string
	// Start readies the peer to measure with budget b (the same method as gpubench: warm-up,
	// median of repeats) and returns its description ("numpy 1.24.2"). An error means the
	// peer is unavailable: gpubench notes it in one line and goes on without it.
	Start(b Budget) (string, error)
	// Measure returns the peer's median seconds per call of c, 0 where it cannot run c.
	Measure(c Case) (float64, error)
	// Close releases the peer.
	Close() error
}

// peers are the known peers, by -peer name.
var peers = map[string]func(cfg *config) Peer{
	"numpy": newNumPy,
}

// peerNames lists the known peers for messages.
func peerNames() string {
	var n []string
	for k := range peers {
		n = append(n, k)
	}
	sort.Strings(n)
	return strings.Join(n, ", ")
}

// lookupPeer returns the named peer, nil for "", or an error for an unknown name.
func lookupPeer(name string, cfg *config) (Peer, error) {
	if name == "" {
		return nil, nil
	}
	mk, ok := peers[name]
	if !ok {
		return nil, fmt.Errorf("unknown peer %q: want one of %s", name, peerNames())
	}
	return mk(cfg), nil
}
