package tensor

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// Misuse probes over every exported method of *Tensor, found by reflection so that a new
// method is probed without being listed: each is called on a nil *Tensor, on a zero
// Tensor{}, on a tensor after Free, and on a view of a freed tensor, and each call must
// panic with a *Error of kind Value (nothing else: no runtime error, no result). Format
// and GoString are called through fmt, which must not panic either.

// probeArgs builds arguments for a method of type m (receiver excluded): a small valid
// tensor for tensor parameters, 0 for ints, 1 for numbers, so that only the receiver is
// wrong.
func probeArgs(m reflect.Type) []reflect.Value {
	var args []reflect.Value
	for i := 1; i < m.NumIn(); i++ { // In(0) is the receiver
		p := m.In(i)
		if m.IsVariadic() && i == m.NumIn()-1 {
			break // no variadic arguments
		}
		args = append(args, probeValue(p))
	}
	return args
}

func probeValue(p reflect.Type) reflect.Value {
	tensorType := reflect.TypeFor[*Tensor]()
	switch {
	case p == tensorType:
		return reflect.ValueOf(Ones(Float64, 2))
	case p == reflect.TypeFor[[]*Tensor]():
		return reflect.ValueOf([]*Tensor{Ones(Float64, 2)})
	case p == reflect.TypeFor[DType]():
		return reflect.ValueOf(Float64)
	case p == reflect.TypeFor[device.Device]():
		return reflect.ValueOf(device.CPU())
	case p == reflect.TypeFor[io.Writer]():
		return reflect.ValueOf(io.Discard)
	case p.Kind() == reflect.Interface:
		return reflect.ValueOf(1.0).Convert(reflect.TypeFor[float64]())
	case p.Kind() == reflect.Int:
		return reflect.ValueOf(0)
	case p.Kind() == reflect.Float64:
		return reflect.ValueOf(1.0)
	case p.Kind() == reflect.Bool:
		return reflect.ValueOf(false)
	case p.Kind() == reflect.String:
		return reflect.ValueOf("x")
	}
	return reflect.Zero(p)
}

// brokenReceivers are the receivers every method must refuse.
func brokenReceivers() map[string]func() *Tensor {
	return map[string]func() *Tensor{
		"nil":  func() *Tensor { return nil },
		"zero": func() *Tensor { return &Tensor{} },
		"freed": func() *Tensor {
			x := Ones(Float64, 3, 4)
			x.Free()
			return x
		},
		"freed-large-view": func() *Tensor {
			x := Ones(Float32, 256, 256)
			v := x.T().Slice(S(1, None))
			x.Free()
			return v
		},
		"freed-shared": func() *Tensor {
			x := FromSlice([]int64{1, 2, 3})
			x.Free()
			return x
		},
	}
}

// probeSkip lists methods that are fine on any receiver: Free is idempotent, and Format is
// fmt's (the printing forms are probed below).
var probeSkip = []string{"Free", "Format"}

// printing lists the methods that print a nil *Tensor as "<nil>", as fmt prints nil
// pointers, rather than refusing it.
var printing = []string{"String", "Str", "Repr", "Info"}

func TestMisuseMethodsOnBrokenReceivers(t *testing.T) {
	typ := reflect.TypeFor[*Tensor]()
	n := 0
	for i := 0; i < typ.NumMethod(); i++ {
		m := typ.Method(i)
		if slices.Contains(probeSkip, m.Name) {
			continue
		}
		for name, mk := range brokenReceivers() {
			recv := mk()
			if name == "nil" && slices.Contains(printing, m.Name) {
				got := m.Func.Call([]reflect.Value{reflect.ValueOf(recv)})[0].String()
				if got != "<nil>" {
					t.Errorf("(nil).%s = %q, want <nil>", m.Name, got)
				}
				n++
				continue
			}
			args := append([]reflect.Value{reflect.ValueOf(recv)}, probeArgs(m.Type)...)
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("non-*Error panic: %v", r)
					}
				}()
				return Try(func() { m.Func.Call(args) })
			}()
			n++
			if err == nil {
				t.Errorf("(%s).%s: no error", name, m.Name)
				continue
			}
			if KindOf(err) != Value {
				t.Errorf("(%s).%s: %v (kind %v), want a Value error", name, m.Name, err, KindOf(err))
			}
		}
	}
	t.Logf("%d method probes", n)
}

func TestMisusePrintBrokenTensors(t *testing.T) {
	var nilT *Tensor
	for _, verb := range []string{"%v", "%s", "%#v", "%.3v"} {
		if got := fmt.Sprintf(verb, nilT); got != "<nil>" {
			t.Errorf("Sprintf(%q, nil) = %q", verb, got)
		}
		// fmt recovers a panicking Format and prints the typed error's text.
		for name, mk := range brokenReceivers() {
			if name == "nil" {
				continue
			}
			got := fmt.Sprintf(verb, mk())
			if !strings.Contains(got, "PANIC") || !strings.Contains(got, "tensor.") {
				t.Errorf("Sprintf(%q, %s tensor) = %q, want fmt's PANIC text with the tensor error", verb, name, got)
			}
		}
	}
}
