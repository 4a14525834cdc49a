package cpu

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gotensor/gotensor/device"
)

// TestBox checks that box gives what assigning the resliced slice to an interface gives,
// for every dtype: the same dynamic type, length, capacity and memory, and writes
// through one seen by the other; that it survives a collection (the interface's pointer
// into the buffer keeps what it must alive); and that it allocates nothing.
func TestBox(t *testing.T) {
	for _, dt := range []device.DType{device.Float32, device.Float64, device.Int32, device.Int64, device.Uint8, device.Bool} {
		s := MakeSlice(dt, 10)
		b := &Buffer{dt: dt, n: 7}
		b.box(s, 7)
		runtime.GC()
		want := reflect.ValueOf(s).Slice(0, 7)
		got := reflect.ValueOf(b.Slice())
		require.Equal(t, want.Type(), got.Type(), "%v", dt)
		assert.Equal(t, 7, got.Len(), "%v", dt)
		assert.Equal(t, 10, got.Cap(), "%v", dt)
		assert.Equal(t, want.Pointer(), got.Pointer(), "%v: the memory", dt)
		one := reflect.ValueOf(true)
		if e := got.Type().Elem(); e.Kind() != reflect.Bool {
			one = reflect.ValueOf(1).Convert(e)
		}
		got.Index(6).Set(one)
		assert.Equal(t, got.Index(6).Interface(), reflect.ValueOf(s).Index(6).Interface(), "%v: a write", dt)
		assert.Zero(t, testing.AllocsPerRun(10, func() { b.box(s, 3) }), "%v: allocations", dt)
		assert.Equal(t, 3, reflect.ValueOf(b.Slice()).Len(), "%v", dt)
		assert.Panics(t, func() { b.box(s, 11) }, "%v: past the capacity", dt)
	}
}
