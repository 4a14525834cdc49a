// Package misuse runs misuse probes for the packages built on tensor: each probe is a
// wrong call that must panic with a *tensor.Error of a stated Kind, which tensor.Try
// returns; a runtime panic, another kind or no error at all fails it.
package misuse

import (
	"fmt"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// Probe is one wrong call and the kind of error it must give.
type Probe struct {
	Name string
	Kind tensor.Kind
	F    func()
}

// P is a Probe: the call f must fail with a *tensor.Error of kind k.
func P(name string, k tensor.Kind, f func()) Probe { return Probe{Name: name, Kind: k, F: f} }

// Check runs every probe and reports each that fails.
func Check(t *testing.T, probes ...Probe) {
	t.Helper()
	for _, p := range probes {
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("non-*Error panic: %v", r)
				}
			}()
			return tensor.Try(p.F)
		}()
		switch {
		case err == nil:
			t.Errorf("%s: no error", p.Name)
		case tensor.KindOf(err) != p.Kind:
			t.Errorf("%s: %v (kind %v), want kind %v", p.Name, err, tensor.KindOf(err), p.Kind)
		}
	}
}
