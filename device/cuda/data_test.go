package cuda_test

import (
	"slices"
	"testing"

	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/tensor"
)

// TestDataOnDevice runs package data's device-side work on the GPU, or the emulator: a
// Loader over tensors on the device gathers its batches there (on its prefetching
// goroutine, while the consumer launches kernels of its own), and ScaleImages runs
// there; both give the CPU's answer.
func TestDataOnDevice(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	images, labels, err := data.FashionMNIST("../../data/testdata/fashion-subset", false)
	if err != nil {
		t.Fatal(err)
	}
	x := data.ScaleImages(images)
	gx := data.ScaleImages(images.To(g))
	if gx.Device() != g || !slices.Equal(tensor.ToSlice[float32](gx), tensor.ToSlice[float32](x)) {
		t.Fatal("ScaleImages on the device differs from the CPU's")
	}
	before := g.Launches()
	for _, prefetch := range []int{-1, 1, 3} {
		opts := data.LoaderOptions{BatchSize: 32, Shuffle: true, Seed: 5, DropLast: prefetch == 1, Prefetch: prefetch}
		cl := data.NewLoader(x, labels, opts)
		gl := data.NewLoader(gx, labels.To(g), opts)
		for range 2 {
			var want []data.Batch
			for b := range cl.Epoch() {
				want = append(want, b)
			}
			i := 0
			for b := range gl.Epoch() {
				if b.X.Device() != g || b.Y.Device() != g {
					t.Fatalf("batch %d is on %v, %v", i, b.X.Device(), b.Y.Device())
				}
				s := b.X.Sum().Add(1) // the consumer's own kernels, beside the prefetching
				w := want[i]
				if !slices.Equal(b.Indices, w.Indices) || !slices.Equal(tensor.ToSlice[float32](b.X), tensor.ToSlice[float32](w.X)) ||
					!slices.Equal(tensor.ToSlice[uint8](b.Y), tensor.ToSlice[uint8](w.Y)) || s.Device() != g {
					t.Fatalf("prefetch %d, batch %d differs from the CPU's", prefetch, i)
				}
				i++
			}
			if i != len(want) {
				t.Fatalf("%d batches on the device, %d on the CPU", i, len(want))
			}
		}
	}
	if g.Launches() == before {
		t.Error("no kernels ran on the device")
	}
}
