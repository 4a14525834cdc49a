package cuda_test

import (
	"errors"
	"fmt"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
)

// Opening a GPU is an error, not a crash, where there is none: fall back to the CPU.
func ExampleOpen() {
	var d device.Device
	g, err := cuda.Open(0)
	switch {
	case errors.Is(err, device.ErrNoDevice):
		fmt.Println("no GPU:", err)
		d = device.CPU()
	case err != nil:
		panic(err)
	default:
		fmt.Println(g.Props().Name, g.Props().TotalMem>>30, "GiB")
		d = g
	}
	_ = d
}

// Pinned host memory makes uploads asynchronous and fast; mapped memory is read by
// kernels in place.
func ExampleDevice_AllocHost() {
	g, err := cuda.Open(0)
	if err != nil {
		return
	}
	h, err := g.AllocHost(4<<20, true)
	if err != nil {
		panic(err)
	}
	defer h.Free()
	x := cuda.HostSlice[float32](h) // fill x on the host ...
	buf, _ := g.Alloc(device.Float32, len(x))
	_ = g.CopyToDevice(buf.(*cuda.Buffer), h) // queued: x must not change before Sync
	_ = g.Sync()
	fmt.Println(g.Stats().Allocated > 0)
}
