package gradcases

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// TestConvCaseFile checks the convolution case file's coverage: every conv harness op,
// both dtypes, second-order cases; and that the harness fails a case whose max-pool
// indices are off.
func TestConvCaseFile(t *testing.T) {
	data, err := LoadConv()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]int{}
	order2, f32 := 0, 0
	var pool *Case
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		used[c.Op]++
		if c.Order == 2 {
			order2++
		}
		if strings.Contains(c.ID, "/float32/") {
			f32++
		}
		if c.Op == "MaxPool2d" && pool == nil {
			pool = &c
		}
	}
	for op := range convOps {
		if used[op] < 10 {
			t.Errorf("harness op %s has %d cases, want at least 10", op, used[op])
		}
	}
	if order2 < 8 || f32 < 40 {
		t.Errorf("%d second-order and %d float32 cases", order2, f32)
	}
	var idx Array
	pool.param("indices", &idx)
	idx.Data[0], _ = json.Marshal(number(idx.Data[0]) + 1)
	pool.Params["indices"], _ = json.Marshal(idx)
	if r := Run(line(t, *pool), device.CPU()); r.Failed != 1 || !strings.Contains(r.Failures[0].Why, "indices") {
		t.Errorf("wrong max-pool indices pass: %+v", r)
	}
}
