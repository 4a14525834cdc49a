package cuda

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// TestNoDriver: without libcuda (this machine, CI), device.CUDA returns an error that
// wraps device.ErrNoDevice and says why; nothing panics.
func TestNoDriver(t *testing.T) {
	d, err := device.CUDA(0)
	if err == nil {
		t.Skipf("a CUDA driver is present (%s): the no-driver path is not testable here", d.Name())
	}
	if d != nil {
		t.Errorf("device %v with error %v", d, err)
	}
	if !errors.Is(err, device.ErrNoDevice) {
		t.Errorf("%v does not wrap device.ErrNoDevice", err)
	}
	if !strings.Contains(err.Error(), "device.CUDA(0)") {
		t.Errorf("%q does not name the call", err)
	}
	if _, err2 := device.CUDA(3); err2 == nil || !errors.Is(err2, device.ErrNoDevice) {
		t.Errorf("device.CUDA(3): %v", err2)
	}
}

func TestOpenMissingLibrary(t *testing.T) {
	_, err := openLib("libcuda-does-not-exist.so.1")
	if err == nil || !strings.Contains(err.Error(), "not loadable") {
		t.Errorf("openLib: %v", err)
	}
}

// TestLibraryName: the driver library is the OS's own, and where gotensor loads none,
// opening it is device.ErrNoDevice.
func TestLibraryName(t *testing.T) {
	want := map[string]string{"linux": "libcuda.so.1", "windows": "nvcuda.dll"}[runtime.GOOS]
	if !driverSupported {
		want = ""
		if _, err := openLib(LibraryName); !errors.Is(err, device.ErrNoDevice) {
			t.Errorf("openLib on %s/%s: %v does not wrap device.ErrNoDevice", runtime.GOOS, runtime.GOARCH, err)
		}
	}
	if LibraryName != want {
		t.Errorf("LibraryName on %s/%s = %q, want %q", runtime.GOOS, runtime.GOARCH, LibraryName, want)
	}
}

// TestEmuErrors: driver errors carry the entry point and the driver's name and text.
func TestEmuErrors(t *testing.T) {
	g := dut(t)
	err := g.lib.check("cuMemAlloc_v2", errOutOfMemory)
	var e *Error
	if !errors.As(err, &e) || e.Name != "CUDA_ERROR_OUT_OF_MEMORY" || e.Text != "out of memory" ||
		err.Error() != "cuMemAlloc_v2: CUDA_ERROR_OUT_OF_MEMORY (2): out of memory" {
		t.Errorf("%v", err)
	}
	if err := g.lib.check("cuX", 12345); !strings.Contains(err.Error(), "CUresult(12345)") {
		t.Errorf("unknown code: %v", err)
	}
	// A kernel the module lacks.
	if err := g.enter(); err != nil {
		t.Fatal(err)
	}
	_, err = g.kernel(kernels.Kernel{Module: "copy", Name: "no_such_kernel"})
	g.leave()
	if err == nil || !strings.Contains(err.Error(), "no kernel no_such_kernel") {
		t.Errorf("missing kernel: %v", err)
	}
	// A buffer of another device.
	cb, _ := cpuDev.Upload([]float32{1})
	o := device.Operand{Buf: cb, DType: device.Float32, Shape: []int{1}, Strides: []int{1}}
	if err := g.Unary(device.Neg, o, o, device.Params{}); err == nil || !strings.Contains(err.Error(), "buffer on cpu") {
		t.Errorf("foreign buffer: %v", err)
	}
}

func TestPTXSignatures(t *testing.T) {
	src := `.visible .entry k(
	.param .u64 k_param_0,
	.param .align 8 .b8 k_param_1[520],
	.param .f32 k_param_2,
	.param .u32 k_param_3,
	.param .u8 k_param_4
)
{
}
.visible .entry k2()
{
}`
	sigs := ptxSignatures(src)
	if got := sigs["k"]; !slices.Equal(got, []int{8, 520, 4, 4, 1}) {
		t.Errorf("k: %v", got)
	}
	if got, ok := sigs["k2"]; !ok || len(got) != 0 {
		t.Errorf("k2: %v %v", got, ok)
	}
	// Every kernel of the name table has a signature in its module.
	mods := map[string]map[string][]int{}
	for _, k := range kernels.All() {
		if mods[k.Module] == nil {
			b, err := kernels.PTX(k.Module)
			if err != nil {
				t.Fatal(err)
			}
			mods[k.Module] = ptxSignatures(string(b))
		}
		if _, ok := mods[k.Module][k.Name]; !ok {
			t.Errorf("%s: no signature", k)
		}
	}
}

// TestLayPacking checks the byte layout of Lay<N> against loop.cuh's struct: rank and
// small as int32 in the first word, dims from byte 8, operand j's strides from byte
// 8+128*(j+1).
func TestLayPacking(t *testing.T) {
	var a args
	a.i32(7)
	a.lay([]int{2, 3}, [][]int{{3, 1}, {0, -1}})
	if a.n != 2 || a.size[1] != 8+128*3 {
		t.Fatalf("%d params, sizes %v", a.n, a.size[:a.n])
	}
	if uintptr(a.ptrs[1])%8 != 0 || uintptr(a.ptrs[1])-uintptr(a.ptrs[0]) != 8 {
		t.Errorf("layout not 8-aligned after an int32")
	}
	w := unsafe.Slice((*int64)(a.ptrs[1]), 1+16*3)
	i32 := unsafe.Slice((*int32)(a.ptrs[1]), 2)
	if i32[0] != 2 || i32[1] != 1 || w[1] != 2 || w[2] != 3 || w[17] != 3 || w[18] != 1 || w[33] != 0 || w[34] != -1 {
		t.Errorf("packed %v", w)
	}
	a.reset()
	a.lay([]int{1 << 20, 1 << 12}, [][]int{{1 << 12, 1}})
	// 2**32 elements need a 64-bit int (CUDA runs on 64-bit hosts only; on 386 this
	// package answers ErrNoDevice and never lays out a launch).
	if strconv.IntSize == 64 && unsafe.Slice((*int32)(a.ptrs[0]), 2)[1] != 0 {
		t.Error("2**32 elements marked small")
	}
	if !fitsInt32([]int{3, 5}, [][]int{{-5, 1}}) {
		t.Error("fitsInt32: small layout refused")
	}
	// A reach of 2**31 elements needs a 64-bit int, as above.
	if strconv.IntSize == 64 && fitsInt32([]int{2, 2}, [][]int{{math.MaxInt32, 1}}) {
		t.Error("fitsInt32: a reach of 2**31 elements accepted")
	}
}

func TestMerge(t *testing.T) {
	for _, c := range []struct {
		shape  []int
		st     [][]int
		ms     []int
		merged [][]int
	}{
		{[]int{2, 3, 4}, [][]int{{12, 4, 1}, {12, 4, 1}}, []int{24}, [][]int{{1}, {1}}},
		{[]int{2, 3, 4}, [][]int{{12, 4, 1}, {0, 0, 0}}, []int{24}, [][]int{{1}, {0}}},
		{[]int{2, 3, 4}, [][]int{{12, 4, 1}, {1, 2, 6}}, []int{2, 3, 4}, [][]int{{12, 4, 1}, {1, 2, 6}}},
		{[]int{2, 1, 4}, [][]int{{4, 99, 1}}, []int{8}, [][]int{{1}}},
		{[]int{1, 1}, [][]int{{5, 7}}, []int{1}, [][]int{{0}}},
		{[]int{3, 0}, [][]int{{1, 1}}, []int{0}, [][]int{{0}}},
		{[]int{4, 5}, [][]int{{-5, -1}}, []int{20}, [][]int{{-1}}},
	} {
		ms, mst := merge(c.shape, c.st)
		if !slices.Equal(ms, c.ms) || len(mst) != len(c.merged) {
			t.Errorf("merge(%v, %v) = %v %v", c.shape, c.st, ms, mst)
			continue
		}
		for i := range mst {
			if !slices.Equal(mst[i], c.merged[i]) {
				t.Errorf("merge(%v, %v) = %v %v", c.shape, c.st, ms, mst)
			}
		}
	}
}

// emuHook calls one of the emulator's test hooks (kemu_set_devices, ...).
func emuHook(t *testing.T, name string, arg int) {
	t.Helper()
	h, err := loadLibrary(emuPath)
	if err != nil {
		t.Fatal(err)
	}
	sym, err := librarySymbol(h, name)
	if err != nil {
		t.Fatal(err)
	}
	callC(sym, uintptr(arg))
}

// TestInitErrors: no device and a driver too old are errors that say so.
func TestInitErrors(t *testing.T) {
	emu(t)
	l, err := openLib(emuPath)
	if err != nil {
		t.Fatal(err)
	}
	emuHook(t, "kemu_set_devices", 0)
	err = l.init()
	emuHook(t, "kemu_set_devices", 1)
	if err == nil || !strings.Contains(err.Error(), "CUDA_ERROR_NO_DEVICE") || !strings.Contains(err.Error(), "no CUDA-capable device") {
		t.Errorf("no device: %v", err)
	}
	emuHook(t, "kemu_set_driver_version", 10020)
	err = l.init()
	emuHook(t, "kemu_set_driver_version", 13000)
	if err == nil || !strings.Contains(err.Error(), "driver supports CUDA 10.2; the kernels need CUDA 11.0") {
		t.Errorf("old driver: %v", err)
	}
	if err := l.init(); err != nil {
		t.Error(err)
	}
}

// TestJITLog: a module the JIT refuses comes back with the JIT's log.
func TestJITLog(t *testing.T) {
	g := emu(t)
	if err := g.enter(); err != nil {
		t.Fatal(err)
	}
	_, _, err := g.lib.moduleLoadData([]byte("not ptx\x00"))
	if _, kerr := g.kernel(kernels.Fill(8, false)); kerr != nil {
		t.Error(kerr)
	}
	g.leave()
	if err == nil || !strings.Contains(err.Error(), "CUDA_ERROR_INVALID_PTX") || !strings.Contains(err.Error(), "JIT log:\nkemu: the image is not PTX text") {
		t.Errorf("%v", err)
	}
	if g.JITTime() <= 0 {
		t.Errorf("JIT time %v after loading modules", g.JITTime())
	}
}
