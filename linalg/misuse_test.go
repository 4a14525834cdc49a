package linalg

import (
	"testing"

	"github.com/gotensor/gotensor/internal/misuse"
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
	misuse.Check(t,
		misuse.P("Inv singular", tensor.Singular, func() { Inv(sing) }),
		misuse.P("Inv rect", tensor.Shape, func() { Inv(rect) }),
		misuse.P("Inv 1-D", tensor.Shape, func() { Inv(vec) }),
		misuse.P("Inv nil", tensor.Value, func() { Inv(nilT) }),
		misuse.P("Inv freed", tensor.Value, func() { Inv(freed) }),
		misuse.P("Det rect", tensor.Shape, func() { Det(rect) }),
		misuse.P("Det nil", tensor.Value, func() { Det(nilT) }),
		misuse.P("SlogDet rect", tensor.Shape, func() { SlogDet(rect) }),
		misuse.P("Solve singular", tensor.Singular, func() { Solve(sing, tensor.Ones(tensor.Float64, 2)) }),
		misuse.P("Solve shapes", tensor.Shape, func() { Solve(sq, vec) }),
		misuse.P("Solve nil", tensor.Value, func() { Solve(sq, nilT) }),
		misuse.P("Cholesky not PD", tensor.Singular, func() { Cholesky(tensor.FromSlice([]float64{1, 2, 2, 1}, 2, 2)) }),
		misuse.P("Cholesky rect", tensor.Shape, func() { Cholesky(rect) }),
		misuse.P("Eigh rect", tensor.Shape, func() { Eigh(rect) }),
		misuse.P("EigvalsH nil", tensor.Value, func() { EigvalsH(nilT) }),
		misuse.P("Eig rect", tensor.Shape, func() { Eig(rect) }),
		misuse.P("SVD 1-D", tensor.Shape, func() { SVD(vec, false) }),
		misuse.P("QR 1-D", tensor.Shape, func() { QR(vec, QRReduced) }),
		misuse.P("Norm axis", tensor.Axis, func() { Norm(sq, Fro, 2) }),
		misuse.P("Norm nil", tensor.Value, func() { Norm(nilT, Default) }),
		misuse.P("Lstsq shapes", tensor.Shape, func() { Lstsq(rect, vec, -1) }),
		misuse.P("Pinv 1-D", tensor.Shape, func() { Pinv(vec, 1e-15) }),
		misuse.P("MatrixRank nil", tensor.Value, func() { MatrixRank(nilT, -1) }),
	)
}
