package cuda

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// The emulator (kernels/emu) is libcuda's API subset over every kernel compiled for the
// CPU: tests open it in place of libcuda.so.1, so the whole backend runs without a GPU.
// It is built with clang-16 once per version of the sources and cached.

var (
	emuOnce sync.Once
	emuL    *lib
	emuDev  *Device
	emuErr  error
	emuPath string
)

func emuSources() ([]string, error) {
	var files []string
	for _, pat := range []string{"../../kernels/*.cu", "../../kernels/*.cuh", "../../kernels/emu/*.cpp", "../../kernels/emu/*.h"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("kernel sources not found")
	}
	return files, nil
}

// buildEmu compiles the emulator into the user cache directory unless it is there.
func buildEmu() (string, error) {
	if p := os.Getenv("GOTENSOR_KEMU"); p != "" {
		return p, nil // a prebuilt emulator
	}
	clang, err := exec.LookPath("clang-16")
	if err != nil {
		return "", fmt.Errorf("clang-16 not found (apt-get install clang-16)")
	}
	files, err := emuSources()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "gotensor")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(dir, "kemu-"+hex.EncodeToString(h.Sum(nil))[:16]+".so")
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	tmp := out + fmt.Sprintf(".%d.tmp", os.Getpid())
	cmd := exec.Command(clang, "-std=c++17", "-O1", "-fPIC", "-shared", "-fno-exceptions", "-fno-rtti",
		"-fno-threadsafe-statics", "-nostdlib++", "-ffp-contract=off", "-o", tmp, "../../kernels/emu/emu.cpp", "-lm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the emulator: %v\n%s", err, b)
	}
	return out, os.Rename(tmp, out)
}

func startEmu() {
	if runtime.GOOS != "linux" || !driverSupported {
		emuErr = fmt.Errorf("the emulator is built and loaded on linux/amd64 and linux/arm64 only, not %s/%s", runtime.GOOS, runtime.GOARCH)
		return
	}
	if emuPath, emuErr = buildEmu(); emuErr != nil {
		return
	}
	if emuL, emuErr = openLib(emuPath); emuErr != nil {
		return
	}
	if emuErr = emuL.init(); emuErr != nil {
		return
	}
	emuDev, emuErr = emuL.open(0)
}

// emu returns the emulated device, or skips the test saying why there is none.
func emu(t testing.TB) *Device {
	t.Helper()
	emuOnce.Do(startEmu)
	if emuErr != nil {
		t.Skipf("no CUDA emulator: %v", emuErr)
	}
	return emuDev
}

// dut is the device under test: CUDA device 0 where a driver and a GPU are present,
// else the emulator; without either the test is skipped.
func dut(t testing.TB) *Device {
	t.Helper()
	d, err := Open(0)
	if err == nil {
		return d
	}
	emuOnce.Do(startEmu)
	if emuErr != nil {
		t.Skipf("no GPU (%v) and no CUDA emulator (%v)", err, emuErr)
	}
	return emuDev
}

func TestOpen(t *testing.T) {
	d := dut(t)
	if d.Name() != "cuda:0" || d.IsHost() {
		t.Errorf("name %q, host %v", d.Name(), d.IsHost())
	}
	p := d.Props()
	if p.CCMajor < 8 || p.SMs < 1 || p.Driver < minDriver || p.Name == "" || p.TotalMem <= 0 {
		t.Errorf("props %+v", p)
	}
	t.Logf("%s: %+v", d.Name(), p)
	if d2, err := d.lib.open(0); err != nil || d2 != d {
		t.Errorf("second open: %v, same device %v", err, d2 == d)
	}
	n, err := d.lib.deviceCount()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.lib.open(n); err == nil || !errors.Is(err, device.ErrNoDevice) {
		t.Errorf("opened device %d of %d: %v", n, n, err)
	}
	if err := d.Sync(); err != nil {
		t.Error(err)
	}
}
