package linalg

import (
	"fmt"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// Misuse of linalg: each wrong call panics with a *tensor.Error of the stated kind.
func TestMisuseProbes(t *testing.T) {
	sq := tensor.FromSlice([]float64{1, 2, 3, 4}, 2, 2)
	sing := tensor.FromSlice([]float64{1, 2, 2, 4}, 2, 2)
	rect := tensor.Ones(tensor.Float64, 2, 3)
	vec := tensor.Ones(tensor.Float64, 3)
	var nilT *tensor.Tensor
	freed := tensor.Ones(tensor.Float64, 2, 2)
	freed.Free()
	probes := []struct {
		name string
		kind tensor.Kind
		f    func()
	}{
		{"Inv singular", tensor.Singular, func() { Inv(sing) }},
		{"Inv rect", tensor.Shape, func() { Inv(rect) }},
		{"Inv 1-D", tensor.Shape, func() { Inv(vec) }},
		{"Inv nil", tensor.Value, func() { Inv(nilT) }},
		{"Inv freed", tensor.Value, func() { Inv(freed) }},
		{"Det rect", tensor.Shape, func() { Det(rect) }},
		{"Det nil", tensor.Value, func() { Det(nilT) }},
		{"SlogDet rect", tensor.Shape, func() { SlogDet(rect) }},
		{"Solve singular", tensor.Singular, func() { Solve(sing, tensor.Ones(tensor.Float64, 2)) }},
		{"Solve shapes", tensor.Shape, func() { Solve(sq, vec) }},
		{"Solve nil", tensor.Value, func() { Solve(sq, nilT) }},
		{"Cholesky not PD", tensor.Singular, func() { Cholesky(tensor.FromSlice([]float64{1, 2, 2, 1}, 2, 2)) }},
		{"Cholesky rect", tensor.Shape, func() { Cholesky(rect) }},
		{"Eigh rect", tensor.Shape, func() { Eigh(rect) }},
		{"EigvalsH nil", tensor.Value, func() { EigvalsH(nilT) }},
		{"Eig rect", tensor.Shape, func() { Eig(rect) }},
		{"SVD 1-D", tensor.Shape, func() { SVD(vec, false) }},
		{"QR 1-D", tensor.Shape, func() { QR(vec, QRReduced) }},
		{"Norm axis", tensor.Axis, func() { Norm(sq, Fro, 2) }},
		{"Norm nil", tensor.Value, func() { Norm(nilT, Default) }},
		{"Lstsq shapes", tensor.Shape, func() { Lstsq(rect, vec, -1) }},
		{"Pinv 1-D", tensor.Shape, func() { Pinv(vec, 1e-15) }},
		{"MatrixRank nil", tensor.Value, func() { MatrixRank(nilT, -1) }},
	}
	for _, p := range probes {
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("non-*Error panic: %v", r)
				}
			}()
			return tensor.Try(p.f)
		}()
		switch {
		case err == nil:
			t.Errorf("%s: no error", p.name)
		case tensor.KindOf(err) != p.kind:
			t.Errorf("%s: %v (kind %v), want kind %v", p.name, err, tensor.KindOf(err), p.kind)
		}
	}
}
