package data

import (
	"testing"
	"time"

	"github.com/gotensor/gotensor/tensor"
)

// While the consumer holds a batch, exactly Prefetch more are built, and no more.
func TestPrefetchDepth(t *testing.T) {
	x := tensor.Zeros(tensor.Float32, 100, 3)
	for _, tc := range []struct{ prefetch, ahead int }{{-1, 0}, {0, 1}, {1, 1}, {2, 2}, {5, 5}} {
		l := NewLoader(x, nil, LoaderOptions{BatchSize: 4, Prefetch: tc.prefetch})
		for b := range l.Epoch() {
			want := int64(b.Index + 1 + tc.ahead)
			deadline := time.Now().Add(5 * time.Second)
			for l.built.Load() < want && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(5 * time.Millisecond)
			if got := l.built.Load(); got != want {
				t.Fatalf("prefetch %d: %d batches built while batch %d is used, want %d", tc.prefetch, got, b.Index, want)
			}
			if b.Index == 3 {
				break
			}
		}
	}
}
