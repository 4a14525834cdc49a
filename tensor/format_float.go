package tensor

// NumPy's float printing: FloatingFormat from numpy/core/arrayprint.py and the
// positional and scientific forms of its Dragon4 formatter, on top of strconv (whose
// shortest round-trip digits and correctly rounded fixed-precision digits are the ones
// Dragon4 produces in "unique" mode with a precision cut-off).

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

// prFloat is NumPy's FloatingFormat: one format fitted to the values an array prints.
type prFloat struct {
	get       func(off int) float64
	bits      int // 32 or 64: the dtype's shortest round-trip digits
	precision int
	minDigits int
	trim      prTrim
	exp       bool
	padLeft   int
	padRight  int
	expSize   int
}

// newPrFloat fits a FloatingFormat (floatmode "maxprec", sign "-", suppress False) to the
// values at offs.
func newPrFloat(offs []int, get func(int) float64, bits, precision int) *prFloat {
	f := &prFloat{get: get, bits: bits, precision: precision, trim: prTrimZeros, expSize: -1}
	var finite []float64
	nonFinite, negInf := false, false
	maxAbs, minAbs, nonZero := 0.0, math.Inf(1), false
	for _, o := range offs {
		v := get(o)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			nonFinite = true
			negInf = negInf || math.IsInf(v, -1)
			continue
		}
		finite = append(finite, v)
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
		f.exp = maxAbs >= 1e8 || minAbs < 1e-4 || ratio > 1e3
	}
	switch {
	case len(finite) == 0:
	case f.exp:
		fracLen := 0
		for _, v := range finite {
			s := prScientific(v, bits, precision, -1, prTrimZeros, 0, -1)
			mant, exp, _ := strings.Cut(s, "e")
			ip, fp, _ := strings.Cut(mant, ".")
			f.expSize = max(f.expSize, len(exp)-1)
			fracLen = max(fracLen, len(fp))
			f.padLeft = max(f.padLeft, len(ip))
		}
		f.precision, f.minDigits, f.trim = fracLen, fracLen, prTrimKeep
		f.padRight = f.expSize + 2 + f.precision
	default:
		for _, v := range finite {
			s := prPositional(v, bits, precision, -1, prTrimZeros, 0, 0)
			ip, fp, _ := strings.Cut(s, ".")
			f.padLeft = max(f.padLeft, len(ip))
			f.padRight = max(f.padRight, len(fp))
		}
	}
	if nonFinite {
		inf := 3
		if negInf {
			inf = 4
		}
		f.padLeft = max(f.padLeft, 3-(f.padRight+1), inf-(f.padRight+1))
	}
	return f
}

// format prints the element at buffer offset off.
func (f *prFloat) format(off int) string {
	v := f.get(off)
	var s string
	switch {
	case math.IsNaN(v):
		s = "nan"
	case math.IsInf(v, 1):
		s = "inf"
	case math.IsInf(v, -1):
		s = "-inf"
	case f.exp:
		return prScientific(v, f.bits, f.precision, f.minDigits, f.trim, f.padLeft, f.expSize)
	default:
		return prPositional(v, f.bits, f.precision, f.minDigits, f.trim, f.padLeft, f.padRight)
	}
	return strings.Repeat(" ", max(0, f.padLeft+f.padRight+1-len(s))) + s
}

// prDigits returns the integer, fraction and (for 'e') exponent digits of v in format
// 'f' or 'e', as Dragon4 in unique mode: the shortest digits that round-trip at the given
// bit size; where those have more than precision fraction digits, v rounded correctly
// (half to even) to precision digits, trailing zeros trimmed unless trim keeps them;
// where they have fewer than minDigits, v's exact digits rounded to minDigits (NumPy's
// min_digits prints further true digits, not zeros).
func prDigits(v float64, bits int, verb byte, precision, minDigits int, trim prTrim) (ip, fp, exp string) {
	split := func(s string) {
		mant := s
		if verb == 'e' {
			mant, exp, _ = strings.Cut(s, "e")
		}
		ip, fp, _ = strings.Cut(mant, ".")
	}
	split(prShortest(v, verb, bits))
	if len(fp) < minDigits {
		split(strconv.FormatFloat(v, verb, minDigits, bits))
	} else if precision >= 0 && len(fp) > precision {
		split(strconv.FormatFloat(v, verb, precision, bits))
		if trim != prTrimKeep {
			fp = strings.TrimRight(fp, "0")
		}
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

// prPoint joins integer and fraction digits, treating an empty fraction as trim says.
func prPoint(ip, fp string, trim prTrim) string {
	if fp != "" {
		return ip + "." + fp
	}
	switch trim {
	case prTrimLeaveOneZero:
		return ip + ".0"
	case prTrimDptZeros:
		return ip
	}
	return ip + "."
}

// prPositional is np.format_float_positional(v, precision, unique=True, fractional=True,
// trim, pad_left, pad_right, min_digits) for a finite v; a negative precision means no
// cut-off and a negative minDigits none.
func prPositional(v float64, bits, precision, minDigits int, trim prTrim, padLeft, padRight int) string {
	ip, fp, _ := prDigits(v, bits, 'f', precision, minDigits, trim)
	s := prPoint(ip, fp, trim)
	if frac := len(s) - len(ip) - 1; padRight > max(frac, 0) {
		s += strings.Repeat(" ", padRight-max(frac, 0))
	}
	if padLeft > len(ip) {
		s = strings.Repeat(" ", padLeft-len(ip)) + s
	}
	return s
}

// prScientific is np.format_float_scientific(v, precision, unique=True, trim, pad_left,
// exp_digits, min_digits) for a finite v; a negative precision means no cut-off.
func prScientific(v float64, bits, precision, minDigits int, trim prTrim, padLeft, expDigits int) string {
	ip, fp, exp := prDigits(v, bits, 'e', precision, minDigits, trim)
	sign, digits := exp[:1], exp[1:]
	if len(digits) < expDigits {
		digits = strings.Repeat("0", expDigits-len(digits)) + digits
	}
	s := prPoint(ip, fp, trim) + "e" + sign + digits
	if padLeft > len(ip) {
		s = strings.Repeat(" ", padLeft-len(ip)) + s
	}
	return s
}
