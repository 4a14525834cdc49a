package tensor

// NumPy's float printing: FloatingFormat from numpy/core/arrayprint.py and the
// positional and scientific forms of its Dragon4 formatter, on top of strconv (whose
// shortest round-trip digits and correctly rounded fixed-precision digits are the ones
// Dragon4 produces in "unique" and non-unique mode).

import (
	"math"
	"strconv"
	"strings"
)

// prTrim is Dragon4's trim mode: what happens to trailing zeros and the decimal point.
type prTrim uint8

const (
	prTrimKeep         prTrim = iota // 'k': keep trailing zeros (and the point)
	prTrimZeros                      // '.': trim trailing zeros, keep the point: "1."
	prTrimLeaveOneZero               // '0': trim trailing zeros, leave one: "1.0"
	prTrimDptZeros                   // '-': trim trailing zeros and the point: "1"
)

// prDragon holds the arguments of NumPy's dragon4_positional and dragon4_scientific
// that do not depend on the value or the padding.
type prDragon struct {
	precision int  // fraction digits at most; -1: no cut-off
	minDigits int  // fraction digits at least (unique mode only); -1: none
	unique    bool // shortest round-trip digits, else the exact value rounded to precision
	plus      bool // print '+' before non-negative values
	trim      prTrim
}

// prFloat is NumPy's FloatingFormat: one format fitted to the values an array prints.
type prFloat struct {
	get      func(off int) float64
	bits     int // 32 or 64: the dtype's shortest round-trip digits
	d        prDragon
	exp      bool
	padLeft  int
	padRight int
	expSize  int
	nan, inf string
}

// newPrFloat fits a FloatingFormat with the options o to the values at offs.
func newPrFloat(offs []int, get func(int) float64, bits int, o *PrintOptions) *prFloat {
	f := &prFloat{get: get, bits: bits, expSize: -1, nan: o.NaNStr, inf: o.InfStr,
		d: prDragon{precision: o.Precision, unique: true, plus: o.Sign == '+', trim: prTrimZeros}}
	if o.FloatMode == "unique" {
		f.d.precision = -1
	}
	var finite []float64
	nonFinite, negInf, signBit := false, false, false
	maxAbs, minAbs, nonZero := 0.0, math.Inf(1), false
	for _, off := range offs {
		v := get(off)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			nonFinite = true
			negInf = negInf || math.IsInf(v, -1)
			continue
		}
		finite = append(finite, v)
		signBit = signBit || math.Signbit(v)
		if a := math.Abs(v); a != 0 {
			nonZero = true
			maxAbs, minAbs = max(maxAbs, a), min(minAbs, a)
		}
	}
	if nonZero {
		ratio := maxAbs / minAbs
		if bits == 32 {
			ratio = float64(float32(maxAbs) / float32(minAbs)) // NumPy divides in float32
		}
		f.exp = maxAbs >= 1e8 || (!o.Suppress && (minAbs < 1e-4 || ratio > 1e3))
	}
	// A first pass prints every finite value to find the widths.
	first := f.d
	if o.FloatMode == "fixed" {
		first.unique, first.trim = false, prTrimKeep
	}
	switch {
	case len(finite) == 0:
	case f.exp:
		fracLen := 0
		for _, v := range finite {
			ip, fp, exp := first.digits(v, bits, 'e')
			f.expSize = max(f.expSize, len(exp)-1)
			fracLen = max(fracLen, len(fp))
			f.padLeft = max(f.padLeft, len(ip))
		}
		f.d = prDragon{precision: fracLen, minDigits: fracLen, unique: first.unique,
			plus: first.plus, trim: prTrimKeep}
		f.padRight = f.expSize + 2 + fracLen
	default:
		for _, v := range finite {
			ip, fp, _ := first.digits(v, bits, 'f')
			f.padLeft = max(f.padLeft, len(ip))
			f.padRight = max(f.padRight, len(fp))
		}
		f.d = first
		if o.FloatMode == "fixed" || o.FloatMode == "maxprec_equal" {
			f.d.precision, f.d.minDigits, f.d.trim = f.padRight, f.padRight, prTrimKeep
		} else {
			f.d.minDigits, f.d.trim = 0, prTrimZeros
		}
	}
	if o.Sign == ' ' && !signBit {
		f.padLeft++ // the space a sign would take
	}
	if nonFinite {
		inf := prLen(f.inf)
		if o.Sign != '-' || negInf {
			inf++
		}
		f.padLeft = max(f.padLeft, prLen(f.nan)-(f.padRight+1), inf-(f.padRight+1))
	}
	return f
}

// format prints the element at buffer offset off.
func (f *prFloat) format(off int) string {
	v := f.get(off)
	var s string
	switch {
	case math.IsNaN(v):
		s = f.nan
		if f.d.plus {
			s = "+" + s
		}
	case math.IsInf(v, 0):
		s = f.inf
		if v < 0 {
			s = "-" + s
		} else if f.d.plus {
			s = "+" + s
		}
	case f.exp:
		return f.d.scientific(v, f.bits, f.padLeft, f.expSize)
	default:
		return f.d.positional(v, f.bits, f.padLeft, f.padRight)
	}
	return strings.Repeat(" ", max(0, f.padLeft+f.padRight+1-prLen(s))) + s
}

// digits returns the signed integer digits, the fraction digits and (for 'e') the
// exponent of v in format 'f' or 'e', as Dragon4 prints them. In unique mode they are the
// shortest digits that round-trip at the given bit size; where those have more than
// precision fraction digits, v rounded correctly (half to even) to precision digits,
// trailing zeros trimmed unless trim keeps them; where they have fewer than minDigits,
// v's exact digits rounded to minDigits (NumPy's min_digits prints further true digits,
// not zeros). Otherwise they are v's exact value rounded to precision digits.
func (d prDragon) digits(v float64, bits int, verb byte) (ip, fp, exp string) {
	split := func(s string) {
		mant := s
		if verb == 'e' {
			mant, exp, _ = strings.Cut(s, "e")
		}
		ip, fp, _ = strings.Cut(mant, ".")
	}
	switch {
	case !d.unique:
		split(strconv.FormatFloat(v, verb, d.precision, bits))
	default:
		split(prShortest(v, verb, bits))
		if len(fp) < d.minDigits {
			split(strconv.FormatFloat(v, verb, d.minDigits, bits))
		} else if d.precision >= 0 && len(fp) > d.precision {
			split(strconv.FormatFloat(v, verb, d.precision, bits))
			if d.trim != prTrimKeep {
				fp = strings.TrimRight(fp, "0")
			}
		}
	}
	if d.plus && !math.Signbit(v) {
		ip = "+" + ip
	}
	return ip, fp, exp
}

// prShortest is strconv.FormatFloat(v, verb, -1, bits) except where v lies exactly
// halfway between the two shortest candidates: strconv takes the upper one, Dragon4 the
// even one (float32(2**-12) prints as 0.00024414062 in NumPy), so the correctly rounded
// digits are taken when they differ and round-trip too.
func prShortest(v float64, verb byte, bits int) string {
	e := strconv.FormatFloat(v, 'e', -1, bits)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(strings.TrimPrefix(mant, "-"), ".", "", 1)
	if even := strconv.FormatFloat(v, 'e', len(digits)-1, bits); even != e {
		if w, err := strconv.ParseFloat(even, bits); err == nil && w == v {
			e = even
			mant, exp, _ = strings.Cut(e, "e")
			digits = strings.Replace(strings.TrimPrefix(mant, "-"), ".", "", 1)
		}
	}
	if verb == 'e' {
		return e
	}
	sign := ""
	if strings.HasPrefix(mant, "-") {
		sign = "-"
	}
	x, _ := strconv.Atoi(exp)
	if x < 0 {
		return sign + "0." + strings.Repeat("0", -x-1) + digits
	}
	if len(digits) <= x+1 {
		return sign + digits + strings.Repeat("0", x+1-len(digits))
	}
	return sign + digits[:x+1] + "." + digits[x+1:]
}

// point joins integer and fraction digits, treating an empty fraction as trim says.
func (d prDragon) point(ip, fp string) string {
	if fp != "" {
		return ip + "." + fp
	}
	switch d.trim {
	case prTrimLeaveOneZero:
		return ip + ".0"
	case prTrimDptZeros:
		return ip
	}
	return ip + "."
}

// positional is np.format_float_positional(v, precision, unique, fractional=True, trim,
// sign, pad_left, pad_right, min_digits) for a finite v.
func (d prDragon) positional(v float64, bits, padLeft, padRight int) string {
	ip, fp, _ := d.digits(v, bits, 'f')
	s := d.point(ip, fp)
	if frac := len(s) - len(ip) - 1; padRight > max(frac, 0) {
		s += strings.Repeat(" ", padRight-max(frac, 0))
	}
	if padLeft > len(ip) {
		s = strings.Repeat(" ", padLeft-len(ip)) + s
	}
	return s
}

// scientific is np.format_float_scientific(v, precision, unique, trim, sign, pad_left,
// exp_digits, min_digits) for a finite v.
func (d prDragon) scientific(v float64, bits, padLeft, expDigits int) string {
	ip, fp, exp := d.digits(v, bits, 'e')
	sign, digits := exp[:1], exp[1:]
	if len(digits) < expDigits {
		digits = strings.Repeat("0", expDigits-len(digits)) + digits
	}
	s := d.point(ip, fp) + "e" + sign + digits
	if padLeft > len(ip) {
		s = strings.Repeat(" ", padLeft-len(ip)) + s
	}
	return s
}
