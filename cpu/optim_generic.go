//go:build purego || !amd64

package cpu

// Twins of the optimizer kernels (asmgen/optim.go): the Go loops over the same elements,
// the largest multiple of the vector width, with the scalars and flags unpacked.

func adamf32(p, g, m, v, vmax []float32, k *[10]float32, flags int) {
	adamTwin(p, g, m, v, vmax, k, flags, 8)
}

func adamf64(p, g, m, v, vmax []float64, k *[10]float64, flags int) {
	adamTwin(p, g, m, v, vmax, k, flags, 4)
}

func adamTwin[T float](p, g, m, v, vmax []T, k *[10]T, flags, lanes int) {
	n := len(p) &^ (lanes - 1)
	c := AdamCoef[T]{Decay: k[1], WD: k[2], Beta1: k[3], OMB1: k[4], Beta2: k[5], OMB2: k[6], BC2Sqrt: k[7], Eps: k[8],
		NegStep: k[9], Decoupled: flags&adamDecoupled != 0, Maximize: signbit(k[0])}
	if flags&(adamDecoupled|adamL2) == 0 {
		c.WD = 0
	}
	if flags&adamAMSGrad == 0 {
		vmax = nil
	} else {
		vmax = vmax[:n]
	}
	adamGo(p[:n], g[:n], m[:n], v[:n], vmax, c)
}

func sgdf32(p, g, buf []float32, k *[5]float32, flags int) { sgdTwin(p, g, buf, k, flags, 8) }
func sgdf64(p, g, buf []float64, k *[5]float64, flags int) { sgdTwin(p, g, buf, k, flags, 4) }

func sgdTwin[T float](p, g, buf []T, k *[5]T, flags, lanes int) {
	n := len(p) &^ (lanes - 1)
	c := SGDCoef[T]{WD: k[1], Momentum: k[2], Damp1: k[3], NegLR: k[4], First: flags&sgdFirst != 0,
		Nesterov: flags&sgdNesterov != 0, Maximize: signbit(k[0])}
	if flags&sgdWD == 0 {
		c.WD = 0
	}
	if flags&sgdMomentum == 0 {
		buf = nil
	} else {
		buf = buf[:n]
	}
	sgdGo(p[:n], g[:n], buf, c)
}

func rmspropf32(p, g, v, buf, ga []float32, k *[8]float32, flags int) {
	rmspropTwin(p, g, v, buf, ga, k, flags, 8)
}

func rmspropf64(p, g, v, buf, ga []float64, k *[8]float64, flags int) {
	rmspropTwin(p, g, v, buf, ga, k, flags, 4)
}

func rmspropTwin[T float](p, g, v, buf, ga []T, k *[8]T, flags, lanes int) {
	n := len(p) &^ (lanes - 1)
	c := RMSpropCoef[T]{WD: k[1], Alpha: k[2], OMA: k[3], Eps: k[4], Momentum: k[5], NegLR: k[6], Maximize: signbit(k[0])}
	if flags&rmsWD == 0 {
		c.WD = 0
	}
	if flags&rmsMomentum == 0 {
		buf = nil
	} else {
		buf = buf[:n]
	}
	if flags&rmsCentered == 0 {
		ga = nil
	} else {
		ga = ga[:n]
	}
	rmspropGo(p[:n], g[:n], v[:n], buf, ga, c)
}

// signbit reports whether x has its sign bit set.
func signbit[T float](x T) bool { return x < 0 || x == 0 && 1/x < 0 }
