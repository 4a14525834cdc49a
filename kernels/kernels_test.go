package kernels

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

var entryRe = regexp.MustCompile(`(?m)^\.visible \.entry (\w+)\(`)

// TestNamesInPTX checks the name table against the committed PTX both ways: every name
// the Go side can ask for is an entry of its module, and every entry is named.
func TestNamesInPTX(t *testing.T) {
	want := map[string]bool{}
	for _, k := range All() {
		if want[k.String()] {
			t.Errorf("%s listed twice", k)
		}
		want[k.String()] = true
	}
	have := map[string]bool{}
	for _, m := range Modules() {
		src, err := PTX(m)
		if err != nil {
			t.Fatal(err)
		}
		if src[len(src)-1] != 0 {
			t.Errorf("%s: PTX not NUL-terminated", m)
		}
		for _, h := range []string{".version 7.0\n", ".target sm_80\n", ".address_size 64\n"} {
			if !bytes.Contains(src, []byte(h)) {
				t.Errorf("%s: no %q", m, h)
			}
		}
		for _, e := range entryRe.FindAllSubmatch(src, -1) {
			have[m+"."+string(e[1])] = true
		}
	}
	for k := range want {
		if !have[k] {
			t.Errorf("%s: not in the PTX", k)
		}
	}
	for k := range have {
		if !want[k] {
			t.Errorf("%s: in the PTX but not in the name table", k)
		}
	}
	if len(want) < 500 {
		t.Errorf("only %d kernels", len(want))
	}
}

// TestPTXUpToDate regenerates the PTX with clang-16 and compares it with the committed
// files. It takes a minute of CPU, so it runs when GOTENSOR_CHECK_PTX=1 (ci/gpu-check-ptx.sh
// does the same from the shell).
func TestPTXUpToDate(t *testing.T) {
	if os.Getenv("GOTENSOR_CHECK_PTX") != "1" {
		t.Skip("set GOTENSOR_CHECK_PTX=1 to regenerate the PTX with clang-16 and diff it")
	}
	if _, err := exec.LookPath("clang-16"); err != nil {
		t.Skip("clang-16 not found: apt-get install clang-16")
	}
	dir := t.TempDir()
	out, err := exec.Command("sh", "gen.sh", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("gen.sh: %v\n%s", err, out)
	}
	gen, _ := filepath.Glob(filepath.Join(dir, "*.ptx"))
	if len(gen) != len(Modules()) {
		t.Errorf("gen.sh wrote %d modules, %d committed", len(gen), len(Modules()))
	}
	for _, g := range gen {
		name := filepath.Base(g)
		a, _ := os.ReadFile(g)
		b, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs from the sources: run go generate ./kernels", name)
		}
	}
}
