package stedc

import "math"

// eps is LAPACK's dlamch('Epsilon'): the relative rounding error, 2⁻⁵³.
const eps = 0x1p-53

// maxIter bounds the iterations of the secular equation solvers, as in LAPACK.
const (
	maxIterLaed4 = 30
	maxIterLaed6 = 40
)

// laed4 finds the i-th (0-based) root λ of the secular equation
//
//	f(λ) = 1/ρ + Σⱼ z[j]² / (d[j] - λ) = 0
//
// of the rank-one modification diag(d) + ρ z zᵀ, with d strictly increasing, ρ > 0 and
// ‖z‖ = 1 (LAPACK's dlaed4). It fills delta[j] = d[j] - λ, computed from the nearer pole
// so that the differences keep full relative accuracy (the eigenvectors are built from
// them); for n = 2 delta is instead the normalised eigenvector (see laed5). It reports
// false if the iteration did not converge.
//
// The method is Li's: the secular function is split at the root's bracket into the
// poles below and above, each part is interpolated by a simple rational function that
// matches its value and derivative, and the step solves the interpolant (a quadratic);
// when the two nearest poles both matter it interpolates with three poles (laed6). The
// origin is moved to the nearer pole of the bracket so that λ - d[origin] is computed
// directly rather than as a difference of nearly equal numbers.
func laed4(n, i int, d, z, delta []float64, rho float64) (float64, bool) {
	switch n {
	case 1:
		delta[0] = 1
		return d[0] + rho*z[0]*z[0], true
	case 2:
		return laed5(i, d, z, delta, rho), true
	}
	if i == n-1 {
		return laed4Last(n, d, z, delta, rho)
	}
	return laed4Inner(n, i, d, z, delta, rho)
}

// sums returns ψ = Σ_{j<lo} z[j]²/delta[j] and φ = Σ_{j>hi} z[j]²/delta[j] (φ summed
// from the top), their derivatives and the running sum of partial sums LAPACK uses in
// its error bound.
func sums(n, lo, hi int, z, delta []float64) (psi, dpsi, phi, dphi, erretm float64) {
	for j := 0; j < lo; j++ {
		t := z[j] / delta[j]
		psi += z[j] * t
		dpsi += t * t
		erretm += psi
	}
	erretm = math.Abs(erretm)
	for j := n - 1; j > hi; j-- {
		t := z[j] / delta[j]
		phi += z[j] * t
		dphi += t * t
		erretm += phi
	}
	return psi, dpsi, phi, dphi, erretm
}

// quadStep returns the root nearer zero of c η² - a η + b = 0 chosen the stable way,
// which is how both laed4 branches turn their interpolant into a step.
func quadStep(a, b, c float64) float64 {
	if a <= 0 {
		return (a - math.Sqrt(math.Abs(a*a-4*b*c))) / (2 * c)
	}
	return 2 * b / (a + math.Sqrt(math.Abs(a*a-4*b*c)))
}

// laed4Last is laed4 for the largest root, which lies in (d[n-1], d[n-1] + ρ].
func laed4Last(n int, d, z, delta []float64, rho float64) (float64, bool) {
	rhoinv := 1 / rho
	ii := n - 2
	last := d[n-1]
	midpt := rho / 2
	for j := range n {
		delta[j] = (d[j] - last) - midpt
	}
	var psi float64
	for j := 0; j < n-2; j++ {
		psi += z[j] * z[j] / delta[j]
	}
	c := rhoinv + psi
	w := c + z[ii]*z[ii]/delta[ii] + z[n-1]*z[n-1]/delta[n-1]

	// The initial guess solves the two-pole interpolant; the bracket is (0, ρ/2] or
	// [ρ/2, ρ] depending on the sign of f at the midpoint.
	var tau, dltlb, dltub float64
	del := d[n-1] - d[n-2]
	a := -c*del + z[n-2]*z[n-2] + z[n-1]*z[n-1]
	b := z[n-1] * z[n-1] * del
	guess := func() float64 {
		if a < 0 {
			return 2 * b / (math.Sqrt(a*a+4*b*c) - a)
		}
		return (a + math.Sqrt(a*a+4*b*c)) / (2 * c)
	}
	if w <= 0 {
		temp := z[n-2]*z[n-2]/(del+rho) + z[n-1]*z[n-1]/rho
		if c <= temp {
			tau = rho
		} else {
			tau = guess()
		}
		dltlb, dltub = midpt, rho
	} else {
		tau = guess()
		dltlb, dltub = 0, midpt
	}
	for j := range n {
		delta[j] = (d[j] - last) - tau
	}
	eval := func() (w, dpsi, dphi, erretm float64) {
		psi, dpsi, _, _, erretm := sums(n, ii+1, n-1, z, delta)
		t := z[n-1] / delta[n-1]
		phi := z[n-1] * t
		dphi = t * t
		erretm = 8*(-phi-psi) + erretm - phi + rhoinv + math.Abs(tau)*(dpsi+dphi)
		return rhoinv + phi + psi, dpsi, dphi, erretm
	}
	w, dpsi, dphi, erretm := eval()
	for iter := 1; iter <= maxIterLaed4; iter++ {
		if math.Abs(w) <= eps*erretm {
			return last + tau, true
		}
		if w <= 0 {
			dltlb = math.Max(dltlb, tau)
		} else {
			dltub = math.Min(dltub, tau)
		}
		// Two-pole interpolation at d[n-2] and d[n-1].
		dn1, dn := delta[n-2], delta[n-1]
		c := w - dn1*dpsi - dn*dphi
		a := (dn1+dn)*w - dn1*dn*(dpsi+dphi)
		b := dn1 * dn * w
		if iter == 1 && c < 0 {
			c = -c
		}
		var eta float64
		switch {
		case c == 0:
			eta = -w / (dpsi + dphi)
		case a >= 0:
			eta = (a + math.Sqrt(math.Abs(a*a-4*b*c))) / (2 * c)
		default:
			eta = 2 * b / (a - math.Sqrt(math.Abs(a*a-4*b*c)))
		}
		// A step of the wrong sign (roundoff) becomes a Newton step; one leaving the
		// bracket bisects instead.
		if w*eta > 0 {
			eta = -w / (dpsi + dphi)
		}
		if t := tau + eta; t > dltub || t < dltlb {
			if w < 0 {
				eta = (dltub - tau) / 2
			} else {
				eta = (dltlb - tau) / 2
			}
		}
		for j := range n {
			delta[j] -= eta
		}
		tau += eta
		w, dpsi, dphi, erretm = eval()
	}
	return last + tau, false
}

// laed4Inner is laed4 for a root i < n-1, which lies in (d[i], d[i+1]).
func laed4Inner(n, i int, d, z, delta []float64, rho float64) (float64, bool) {
	rhoinv := 1 / rho
	ip1 := i + 1
	del := d[ip1] - d[i]
	midpt := del / 2
	for j := range n {
		delta[j] = (d[j] - d[i]) - midpt
	}
	var psi, phi float64
	for j := 0; j < i; j++ {
		psi += z[j] * z[j] / delta[j]
	}
	for j := n - 1; j >= i+2; j-- {
		phi += z[j] * z[j] / delta[j]
	}
	c := rhoinv + psi + phi
	w := c + z[i]*z[i]/delta[i] + z[ip1]*z[ip1]/delta[ip1]

	// orgati: the root is in the lower half of the bracket and d[i] is the origin;
	// otherwise d[i+1] is.
	orgati := w > 0
	var tau, dltlb, dltub, org float64
	if orgati {
		a := c*del + z[i]*z[i] + z[ip1]*z[ip1]
		b := z[i] * z[i] * del
		if a > 0 {
			tau = 2 * b / (a + math.Sqrt(math.Abs(a*a-4*b*c)))
		} else {
			tau = (a - math.Sqrt(math.Abs(a*a-4*b*c))) / (2 * c)
		}
		dltlb, dltub, org = 0, midpt, d[i]
	} else {
		a := c*del - z[i]*z[i] - z[ip1]*z[ip1]
		b := z[ip1] * z[ip1] * del
		if a < 0 {
			tau = 2 * b / (a - math.Sqrt(math.Abs(a*a+4*b*c)))
		} else {
			tau = -(a + math.Sqrt(math.Abs(a*a+4*b*c))) / (2 * c)
		}
		dltlb, dltub, org = -midpt, 0, d[ip1]
	}
	for j := range n {
		delta[j] = (d[j] - org) - tau
	}
	ii := i
	if !orgati {
		ii = ip1
	}
	iim1, iip1 := ii-1, ii+1

	// eval returns w = f(λ), its derivative dw, the parts ψ, φ and their derivatives
	// without the ii term, and the error bound.
	eval := func(tauAbs float64) (w, dw, psi, dpsi, phi, dphi, erretm float64) {
		psi, dpsi, phi, dphi, erretm = sums(n, ii, ii, z, delta)
		t := z[ii] / delta[ii]
		dw = dpsi + dphi + t*t
		t *= z[ii]
		w = rhoinv + phi + psi + t
		erretm = 8*(phi-psi) + erretm + 2*rhoinv + 3*math.Abs(t) + tauAbs*dw
		return
	}
	w, dw, psi, dpsi, phi, dphi, erretm := eval(math.Abs(tau))
	// swtch3: three-pole interpolation, when f without the ii term already has the
	// sign that pushes the root toward the far side of ii's pole.
	w0 := rhoinv + phi + psi
	swtch3 := (orgati && w0 < 0 || !orgati && w0 > 0) && ii != 0 && ii != n-1
	swtch := false
	prew := w
	for iter := 1; iter <= maxIterLaed4; iter++ {
		if math.Abs(w) <= eps*erretm {
			return org + tau, true
		}
		if w <= 0 {
			dltlb = math.Max(dltlb, tau)
		} else {
			dltub = math.Min(dltub, tau)
		}
		var eta float64
		if !swtch3 {
			var c float64
			switch {
			case !swtch && orgati:
				t := z[i] / delta[i]
				c = w - delta[ip1]*dw - (d[i]-d[ip1])*t*t
			case !swtch:
				t := z[ip1] / delta[ip1]
				c = w - delta[i]*dw - (d[ip1]-d[i])*t*t
			default:
				t := z[ii] / delta[ii]
				if orgati {
					dpsi += t * t
				} else {
					dphi += t * t
				}
				c = w - delta[i]*dpsi - delta[ip1]*dphi
			}
			a := (delta[i]+delta[ip1])*w - delta[i]*delta[ip1]*dw
			b := delta[i] * delta[ip1] * w
			if c == 0 {
				if a == 0 {
					switch {
					case swtch:
						a = delta[i]*delta[i]*dpsi + delta[ip1]*delta[ip1]*dphi
					case orgati:
						a = z[i]*z[i] + delta[ip1]*delta[ip1]*(dpsi+dphi)
					default:
						a = z[ip1]*z[ip1] + delta[i]*delta[i]*(dpsi+dphi)
					}
				}
				eta = b / a
			} else {
				eta = quadStep(a, b, c)
			}
		} else {
			// Interpolation with the three nearest poles.
			var zz [3]float64
			var c float64
			t := rhoinv + psi + phi
			switch {
			case swtch:
				c = t - delta[iim1]*dpsi - delta[iip1]*dphi
				zz[0] = delta[iim1] * delta[iim1] * dpsi
				zz[2] = delta[iip1] * delta[iip1] * dphi
			case orgati:
				t1 := z[iim1] / delta[iim1]
				t1 *= t1
				c = t - delta[iip1]*(dpsi+dphi) - (d[iim1]-d[iip1])*t1
				zz[0] = z[iim1] * z[iim1]
				zz[2] = delta[iip1] * delta[iip1] * ((dpsi - t1) + dphi)
			default:
				t1 := z[iip1] / delta[iip1]
				t1 *= t1
				c = t - delta[iim1]*(dpsi+dphi) - (d[iip1]-d[iim1])*t1
				zz[0] = delta[iim1] * delta[iim1] * (dpsi + (dphi - t1))
				zz[2] = z[iip1] * z[iip1]
			}
			zz[1] = z[ii] * z[ii]
			var ok bool
			eta, ok = laed6(iter+1, orgati, c, [3]float64{delta[iim1], delta[ii], delta[iip1]}, zz, w)
			if !ok {
				return org + tau, false
			}
		}
		if w*eta >= 0 {
			eta = -w / dw
		}
		if t := tau + eta; t > dltub || t < dltlb {
			if w < 0 {
				eta = (dltub - tau) / 2
			} else {
				eta = (dltlb - tau) / 2
			}
		}
		for j := range n {
			delta[j] -= eta
		}
		tau += eta
		prew = w
		w, dw, psi, dpsi, phi, dphi, erretm = eval(math.Abs(tau))
		if iter == 1 {
			// After the first step, switch to interpolating with ii's pole on the
			// other side if f did not fall by a factor of ten.
			swtch = orgati && -w > math.Abs(prew)/10 || !orgati && w > math.Abs(prew)/10
		} else if w*prew > 0 && math.Abs(w) > math.Abs(prew)/10 {
			swtch = !swtch
		}
	}
	return org + tau, false
}

// laed5 is laed4 for n = 2 (LAPACK's dlaed5): the i-th eigenvalue of
// diag(d) + ρ z zᵀ in closed form, and in delta its normalised eigenvector.
func laed5(i int, d, z, delta []float64, rho float64) float64 {
	del := d[1] - d[0]
	z0, z1 := z[0]*z[0], z[1]*z[1]
	var dlam float64
	if i == 0 && 1+2*rho*(z1-z0)/del > 0 {
		b := del + rho*(z0+z1)
		c := rho * z0 * del
		tau := 2 * c / (b + math.Sqrt(math.Abs(b*b-4*c)))
		dlam = d[0] + tau
		delta[0] = -z[0] / tau
		delta[1] = z[1] / (del - tau)
	} else {
		b := -del + rho*(z0+z1)
		c := rho * z1 * del
		var tau float64
		switch {
		case i == 0 && b > 0:
			tau = -2 * c / (b + math.Sqrt(b*b+4*c))
		case i == 0:
			tau = (b - math.Sqrt(b*b+4*c)) / 2
		case b > 0:
			tau = (b + math.Sqrt(b*b+4*c)) / 2
		default:
			tau = 2 * c / (-b + math.Sqrt(b*b+4*c))
		}
		dlam = d[1] + tau
		delta[0] = -z[0] / (del + tau)
		delta[1] = -z[1] / tau
	}
	t := math.Hypot(delta[0], delta[1])
	delta[0] /= t
	delta[1] /= t
	return dlam
}

// laed6 finds the root nearest zero of
//
//	f(x) = ρ + z[0]/(d[0]-x) + z[1]/(d[1]-x) + z[2]/(d[2]-x)
//
// in (d[1], d[2]) when orgati is set and in (d[0], d[1]) otherwise, given finit = f(0),
// with the cubically convergent Gragg-Thornton-Warner iteration (LAPACK's dlaed6).
// kniter is the caller's iteration count: on its second iteration the initial guess
// comes from a two-pole interpolant.
func laed6(kniter int, orgati bool, rho float64, d, z [3]float64, finit float64) (float64, bool) {
	lbd, ubd := d[0], d[1]
	if orgati {
		lbd, ubd = d[1], d[2]
	}
	if finit < 0 {
		lbd = 0
	} else {
		ubd = 0
	}
	tau := 0.0
	if kniter == 2 {
		var a, b, c float64
		if orgati {
			t := (d[2] - d[1]) / 2
			c = rho + z[0]/((d[0]-d[1])-t)
			a = c*(d[1]+d[2]) + z[1] + z[2]
			b = c*d[1]*d[2] + z[1]*d[2] + z[2]*d[1]
		} else {
			t := (d[0] - d[1]) / 2
			c = rho + z[2]/((d[2]-d[1])-t)
			a = c*(d[0]+d[1]) + z[0] + z[1]
			b = c*d[0]*d[1] + z[0]*d[1] + z[1]*d[0]
		}
		s := math.Max(math.Abs(a), math.Max(math.Abs(b), math.Abs(c)))
		a, b, c = a/s, b/s, c/s
		if c == 0 {
			tau = b / a
		} else {
			tau = quadStep(a, b, c)
		}
		if tau < lbd || tau > ubd {
			tau = (lbd + ubd) / 2
		}
		if d[0] == tau || d[1] == tau || d[2] == tau {
			tau = 0
		} else {
			t := finit + tau*z[0]/(d[0]*(d[0]-tau)) + tau*z[1]/(d[1]*(d[1]-tau)) + tau*z[2]/(d[2]*(d[2]-tau))
			if t <= 0 {
				lbd = tau
			} else {
				ubd = tau
			}
			if math.Abs(finit) <= math.Abs(t) {
				tau = 0
			}
		}
	}

	// Scale up when the root is so close to a pole that 1/(d-τ)³ could overflow.
	const (
		small1 = 0x1p-340
		sminv1 = 0x1p340
		small2 = 0x1p-680
		sminv2 = 0x1p680
	)
	gap := math.Min(math.Abs(d[0]-tau), math.Abs(d[1]-tau))
	if orgati {
		gap = math.Min(math.Abs(d[1]-tau), math.Abs(d[2]-tau))
	}
	ds, zs := d, z
	sclinv := 1.0
	if gap <= small1 {
		sclfac := sminv1
		sclinv = small1
		if gap <= small2 {
			sclfac, sclinv = sminv2, small2
		}
		for k := range 3 {
			ds[k] *= sclfac
			zs[k] *= sclfac
		}
		tau *= sclfac
		lbd *= sclfac
		ubd *= sclfac
	}
	var fc, df, ddf float64
	for k := range 3 {
		t := 1 / (ds[k] - tau)
		t1 := zs[k] * t
		t2 := t1 * t
		fc += t1 / ds[k]
		df += t2
		ddf += t2 * t
	}
	f := finit + tau*fc
	if math.Abs(f) <= 0 {
		return tau * sclinv, true
	}
	if f <= 0 {
		lbd = tau
	} else {
		ubd = tau
	}
	for iter := 2; iter <= maxIterLaed6; iter++ {
		t1, t2 := ds[0]-tau, ds[1]-tau
		if orgati {
			t1, t2 = ds[1]-tau, ds[2]-tau
		}
		a := (t1+t2)*f - t1*t2*df
		b := t1 * t2 * f
		c := f - (t1+t2)*df + t1*t2*ddf
		s := math.Max(math.Abs(a), math.Max(math.Abs(b), math.Abs(c)))
		a, b, c = a/s, b/s, c/s
		var eta float64
		if c == 0 {
			eta = b / a
		} else {
			eta = quadStep(a, b, c)
		}
		if f*eta >= 0 {
			eta = -f / df
		}
		tau += eta
		if tau < lbd || tau > ubd {
			tau = (lbd + ubd) / 2
		}
		fc, df, ddf = 0, 0, 0
		var erretm float64
		for k := range 3 {
			if ds[k]-tau == 0 {
				return tau * sclinv, true
			}
			t := 1 / (ds[k] - tau)
			t1 := zs[k] * t
			t2 := t1 * t
			t4 := t1 / ds[k]
			fc += t4
			erretm += math.Abs(t4)
			df += t2
			ddf += t2 * t
		}
		f = finit + tau*fc
		erretm = 8*(math.Abs(finit)+math.Abs(tau)*erretm) + math.Abs(tau)*df
		if math.Abs(f) <= 4*eps*erretm || ubd-lbd <= 4*eps*math.Abs(tau) {
			return tau * sclinv, true
		}
		if f <= 0 {
			lbd = tau
		} else {
			ubd = tau
		}
	}
	return tau * sclinv, false
}
