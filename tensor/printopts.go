package tensor

// Print options, as NumPy's np.set_printoptions, np.get_printoptions and the
// np.printoptions context manager.
//
// Where the options live, and why it is safe from several goroutines:
//
//   - ReprWith(x, o) and StrWith(x, o) print with the options o and nothing else: no
//     shared state is read, so any number of goroutines may print at once, each with its
//     own options. This is the path to use from concurrent code.
//   - SetPrintOptions and GetPrintOptions change and read a global default, kept behind an
//     atomic pointer: a print sees either the old or the new options, never a mix, and
//     never a data race. String, Str, Repr, Info and fmt's verbs use it.
//   - WithPrintOptions(o, fn) is NumPy's `with np.printoptions(...)`: inside fn, prints on
//     the calling goroutine use o, and the global default is not touched, so other
//     goroutines (including other scopes running at the same time) keep their own options.
//     The scope belongs to the goroutine that called WithPrintOptions, as NumPy 2's
//     context variable belongs to a thread: goroutines that fn starts do not inherit it
//     (hand them o and use ReprWith). Finding the calling goroutine costs a
//     runtime.Stack call per print, paid only while some scope is open.

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// PrintOptions are NumPy's print options (np.set_printoptions), for String, Str, Repr,
// Info and fmt. Start from DefaultPrintOptions or GetPrintOptions and change fields: every
// field is used as it is, so the zero PrintOptions is not valid (its Sign and FloatMode
// are empty). NumPy's legacy option is not supported.
//
// Three ways to apply them, each safe from several goroutines: ReprWith and StrWith print
// with the options given and read no shared state; SetPrintOptions replaces the global
// default atomically; WithPrintOptions puts options in force on the calling goroutine
// only, for the duration of a function.
type PrintOptions struct {
	// Precision is the number of fraction digits floats print with: at most that many
	// in FloatMode "maxprec" and "maxprec_equal", exactly that many in "fixed"; "unique"
	// ignores it. NumPy's default is 8. It must be >= 0.
	Precision int
	// Threshold: a tensor of more elements than Threshold prints summarised, with "..."
	// in place of the middle of each axis longer than 2*EdgeItems. Default 1000;
	// math.MaxInt never summarises, and a negative threshold always does.
	Threshold int
	// EdgeItems is the number of items a summarised axis shows at each end. Default 3;
	// with 0, NumPy shows "..." and the last item. It must be >= 0.
	EdgeItems int
	// LineWidth is the number of characters per line at which rows wrap. Default 75.
	LineWidth int
	// Suppress prints floats in fixed-point notation unless the largest magnitude is
	// >= 1e8 (small values then print as 0 at the given precision). If false (the
	// default), a tensor whose smallest non-zero magnitude is < 1e-4, or whose largest is
	// more than 1e3 times its smallest, prints in scientific notation too.
	Suppress bool
	// Sign is the sign printed before non-negative floats: '-' (none, the default), '+'
	// ('+'), or ' ' (a space, where no element is negative).
	Sign rune
	// FloatMode is how Precision applies: "maxprec" (the default: at most Precision
	// digits, fewer where those round-trip), "fixed" (exactly Precision digits), "unique"
	// (the shortest digits that round-trip, however many), "maxprec_equal" (at most
	// Precision digits, the same number for every element).
	FloatMode string
	// NaNStr and InfStr print NaN and infinity in floats. Defaults "nan" and "inf".
	NaNStr, InfStr string
	// Formatter replaces the element formatting of a dtype kind, as NumPy's formatter
	// dict.
	Formatter Formatter
}

// Formatter holds custom element formatters per dtype kind, as the keys of NumPy's
// formatter option. A kind without one prints as NumPy does; Bool, Int and Float take
// precedence over All. A custom formatter's output is neither padded nor aligned; it may
// span several lines.
type Formatter struct {
	// All formats every element without a more specific formatter (NumPy's 'all'); it
	// receives the element as its Go type: bool, uint8, int32, int64, float32, float64.
	All func(any) string
	// Bool formats bool elements (NumPy's 'bool').
	Bool func(bool) string
	// Int formats int32, int64 and uint8 elements (NumPy's 'int' and 'int_kind').
	Int func(int64) string
	// Float formats float32 and float64 elements, NaN and infinities included (NumPy's
	// 'float' and 'float_kind').
	Float func(float64) string
}

// DefaultPrintOptions returns NumPy's default print options: precision 8, threshold 1000,
// edgeitems 3, linewidth 75, suppress false, sign '-', floatmode "maxprec", nanstr "nan",
// infstr "inf", no formatter.
func DefaultPrintOptions() PrintOptions {
	return PrintOptions{Precision: 8, Threshold: 1000, EdgeItems: 3, LineWidth: 75,
		Sign: '-', FloatMode: "maxprec", NaNStr: "nan", InfStr: "inf"}
}

// SetPrintOptions sets the print options String, Str, Repr, Info and fmt use, as
// np.set_printoptions does (all of them: to change one, start from GetPrintOptions).
// Inside WithPrintOptions it changes the options of that scope, until it ends; elsewhere
// the global default, for every goroutine. It panics with a Value error for an invalid
// option.
func SetPrintOptions(o PrintOptions) {
	o.check("SetPrintOptions")
	if printState.scoped.Load() > 0 {
		id := goroutineID()
		printState.mu.Lock()
		s := printState.scopes[id]
		if len(s) > 0 {
			s[len(s)-1] = &o
		}
		printState.mu.Unlock()
		if len(s) > 0 {
			return
		}
	}
	printState.def.Store(&o)
}

// GetPrintOptions returns the print options String, Str, Repr, Info and fmt use on the
// calling goroutine (np.get_printoptions): those of the innermost WithPrintOptions scope
// it is in, else the global default.
func GetPrintOptions() PrintOptions { return currentPrintOptions() }

// WithPrintOptions calls fn with the print options o in force on the calling goroutine,
// as NumPy's `with np.printoptions(...)`, and restores the previous ones when fn returns
// or panics. Other goroutines, and goroutines fn starts, are not affected (see ReprWith
// for those). It panics with a Value error for an invalid option.
func WithPrintOptions(o PrintOptions, fn func()) {
	o.check("WithPrintOptions")
	id := goroutineID()
	printState.mu.Lock()
	if printState.scopes == nil {
		printState.scopes = map[uint64][]*PrintOptions{}
	}
	printState.scopes[id] = append(printState.scopes[id], &o)
	printState.scoped.Add(1)
	printState.mu.Unlock()
	defer func() {
		printState.mu.Lock()
		if s := printState.scopes[id]; len(s) > 1 {
			printState.scopes[id] = s[:len(s)-1]
		} else {
			delete(printState.scopes, id)
		}
		printState.scoped.Add(-1)
		printState.mu.Unlock()
	}()
	fn()
}

// ReprWith returns x as NumPy's repr(x) prints it with the print options o, whatever
// the global or scoped options are (np.array_repr under np.printoptions(**o)). It is
// safe to call from any number of goroutines at once. It panics with a Value error for an
// invalid option.
func ReprWith(x *Tensor, o PrintOptions) string {
	o.check("ReprWith")
	if x == nil {
		return "<nil>"
	}
	return x.CPU().reprForm(&o)
}

// ReprWith returns t as NumPy's repr prints it with the options o; see ReprWith.
func (t *Tensor) ReprWith(o PrintOptions) string { return ReprWith(t, o) }

// StrWith returns x as NumPy's str(x) prints it with the print options o, whatever the
// global or scoped options are (np.array_str under np.printoptions(**o)); a 0-d tensor
// prints as its scalar, which NumPy's options do not change. It is safe to call from any
// number of goroutines at once. It panics with a Value error for an invalid option.
func StrWith(x *Tensor, o PrintOptions) string {
	o.check("StrWith")
	if x == nil {
		return "<nil>"
	}
	return x.CPU().strForm(&o)
}

// StrWith returns t as NumPy's str prints it with the options o; see StrWith.
func (t *Tensor) StrWith(o PrintOptions) string { return StrWith(t, o) }

// check panics with a Value error naming op if o is not a valid set of options.
func (o *PrintOptions) check(op string) {
	const hint = " (start from DefaultPrintOptions() or GetPrintOptions())"
	switch {
	case o.Precision < 0:
		fail(Value, op, "Precision is %d, want >= 0", o.Precision)
	case o.EdgeItems < 0:
		fail(Value, op, "EdgeItems is %d, want >= 0", o.EdgeItems)
	case o.Sign != '-' && o.Sign != '+' && o.Sign != ' ':
		fail(Value, op, "Sign is %q, want '-', '+' or ' '"+hint, o.Sign)
	}
	switch o.FloatMode {
	case "fixed", "unique", "maxprec", "maxprec_equal":
	default:
		fail(Value, op, "FloatMode is %q, want \"fixed\", \"unique\", \"maxprec\" or \"maxprec_equal\""+hint, o.FloatMode)
	}
}

// printState is the global default and the scopes of WithPrintOptions.
var printState struct {
	def    atomic.Pointer[PrintOptions] // nil: DefaultPrintOptions()
	scoped atomic.Int64                 // open scopes, on all goroutines
	mu     sync.Mutex
	scopes map[uint64][]*PrintOptions // by goroutine id, innermost last
}

// currentPrintOptions returns the options in force on the calling goroutine.
func currentPrintOptions() PrintOptions {
	if printState.scoped.Load() > 0 {
		id := goroutineID()
		printState.mu.Lock()
		s := printState.scopes[id]
		var o *PrintOptions
		if len(s) > 0 {
			o = s[len(s)-1]
		}
		printState.mu.Unlock()
		if o != nil {
			return *o
		}
	}
	if o := printState.def.Load(); o != nil {
		return *o
	}
	return DefaultPrintOptions()
}

// goroutineID returns the calling goroutine's id, from the first line of its stack trace
// ("goroutine 18 [running]:"), the one place the runtime reports it.
func goroutineID() uint64 {
	var buf [64]byte
	b := bytes.TrimPrefix(buf[:runtime.Stack(buf[:], false)], []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i >= 0 {
		b = b[:i]
	}
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		panic("tensor: cannot read the goroutine id from " + strconv.Quote(string(buf[:])))
	}
	return id
}
