package main

import (
	"fmt"
	"sort"
	"strings"
)

// Peer is another implementation that runs the same cases in the same gpubench run, so
// results come as ratios measured side by side, each case right after gotensor's own
// measurement of it: NumPy and PyTorch (the training cases) in a subprocess, gonum
// in-process.
type Peer interface {
	// Name is the -peer value and the peer column's heading ("numpy").
	Name() string
	// Start readies the peer to measure with budget b (the same method as gpubench: warm-up,
	// median of repeats) and returns its description ("numpy 1.24.2"). An error means the
	// peer is unavailable: gpubench notes it in one line and goes on without it.
	Start(b Budget) (string, error)
	// Measure returns the peer's median seconds per call of c, 0 where it cannot run c.
	// It runs c.Copies input sets in turn, as gotensor does.
	Measure(c Case) (float64, error)
	// Close releases the peer.
	Close() error
}

// peers are the known peers, by -peer name.
var peers = map[string]func(cfg *config) Peer{
	"numpy": newNumPy,
	"gonum": newGonum,
	"torch": newTorch,
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

// lookupPeers returns the peers of a comma-separated list of names ("numpy,gonum"), in
// order, none for "", or an error for an unknown or repeated name.
func lookupPeers(list string, cfg *config) ([]Peer, error) {
	var ps []Peer
	seen := map[string]bool{}
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		mk, ok := peers[name]
		if !ok {
			return nil, fmt.Errorf("unknown peer %q: want one of %s (comma-separated)", name, peerNames())
		}
		if seen[name] {
			return nil, fmt.Errorf("peer %q named twice", name)
		}
		seen[name] = true
		ps = append(ps, mk(cfg))
	}
	return ps, nil
}
