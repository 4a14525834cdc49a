package main

import (
	"os"
	"strings"
	"testing"
)

// Example_tour runs the tour and checks every line it prints: the README's comments
// show these values.
func Example_tour() {
	main()
	// Output:
	// [3 3] int64
	// [3 4] 1 [0 0.25 0.5 0.75]
	// 3 2560 float32 10240
	// [28 28 3] [4 28 28 3] [8 28 28] [8 14 14 3]
	// [92 96 88 91]
	// [Bob Diana Eve Grace]
	// [85 88 82]
	// [85 92 80 96 88 80 91 82]
	// [3 4 5 7 8 9]
	// [2 4 6 12 15 18]
	// [1 4 9 16 25 36]
	// [0 0 0 1 2]
	// [0.119 0.269 0.5 0.731 0.881]
	// [100 5] [1.1 0.8 1.3 0.9 1.2]
	// true true
	// [2 3 4]
	// [32 5] [226 237 248 259 270]
	// [5 10]
	// [5] [100]
	// [100 1] [100]
	// true
	// [0 1 2 1 0]
	// 1
	// [100 28 28] [100 28 28 1] [100 784]
	// [50 32 128]
	// [32 50 128 1] [32 50 128] [1 32 50 128]
	// [32 10]
	// [2 16 10]
	// [500 500] true false
	// 999 0
	// 42
	// 7 7
	// array([[ 0.49671415, -0.1382643 ,  0.64768854],
	//        [ 1.52302986, -0.23415337, -0.23413696]])
	// [0 7 6 4 4]
	// 10.0000 5.4772
	// array([ 3.83772234, 10.16227766])
	// true
	// array([[ 7., 10.],
	//        [15., 22.]])
	// 1.75 2
	// [1 2 2 3]
	// array([[1., 1., 2., 2.],
	//        [3., 3., 4., 4.]])
	// array([[0.   , 1.   ],
	//        [1.585, 2.   ]])
	// [2 4 6]
	// [0.5 1 1.5]
}

// TestREADMEMatchesTour checks that every line of Go in the README's code blocks is a line
// of this tour (spacing aside), so the README shows code that compiles and whose printed
// values Example_tour checks.
func TestREADMEMatchesTour(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skip("no README.md next to the module root:", err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	have := map[string]bool{}
	for _, l := range strings.Split(string(src), "\n") {
		have[norm(l)] = true
	}
	// The "Training" section's code is examples/quickstart's, checked by its own test.
	text := string(readme)
	if i := strings.Index(text, "\n## Training\n"); i >= 0 {
		rest := text[i+1:]
		if j := strings.Index(rest[1:], "\n## "); j >= 0 {
			text = text[:i+1] + rest[j+2:]
		} else {
			text = text[:i+1]
		}
	}
	blocks := strings.Split(text, "```go\n")
	if len(blocks) < 2 {
		t.Fatal("README.md has no ```go blocks")
	}
	for _, b := range blocks[1:] {
		code, _, _ := strings.Cut(b, "```")
		for _, l := range strings.Split(code, "\n") {
			if l = norm(l); l != "" && !have[l] {
				t.Errorf("README.md line %q is not in examples/tour/main.go", l)
			}
		}
	}
}
