package tensor_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// printCase is one line of testdata/print-cases.jsonl (see gen_print.py there).
type printCase struct {
	Name      string            `json:"name"`
	Tests     []string          `json:"tests"`
	DType     string            `json:"dtype"`
	Shape     []int             `json:"shape"`
	Data      string            `json:"data"`
	View      string            `json:"view"`
	Options   printCaseOptions  `json:"options"`
	Formatter map[string]string `json:"formatter"`
	Str       string            `json:"str"`
	Repr      string            `json:"repr"`
}

// printCaseOptions are the options a case gives np.printoptions; nil: NumPy's default.
type printCaseOptions struct {
	Precision *int     `json:"precision"`
	Threshold *float64 `json:"threshold"` // sys.maxsize does not fit an int everywhere
	EdgeItems *int     `json:"edgeitems"`
	LineWidth *int     `json:"linewidth"`
	Suppress  *bool    `json:"suppress"`
	Sign      *string  `json:"sign"`
	FloatMode *string  `json:"floatmode"`
	NaNStr    *string  `json:"nanstr"`
	InfStr    *string  `json:"infstr"`
}

// pyFloat is Python's '%<verb>' % x: as Go's fmt, but nan, inf and -inf.
func pyFloat(verb string, x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return fmt.Sprintf(verb, x)
}

// printFormatters are the Go twins of gen_print.py's FORMATTERS, in the forms the
// Formatter kinds take.
var printFormatters = map[string]tensor.Formatter{
	"hex":   {Int: func(v int64) string { return fmt.Sprintf("%#x", v) }},
	"neg":   {Int: func(v int64) string { return "int: " + strconv.FormatInt(-v, 10) }},
	"arrow": {Int: func(v int64) string { return "\u2192" + strconv.FormatInt(v, 10) }},
	"f2":    {Float: func(x float64) string { return pyFloat("%.2f", x) }},
	"e3":    {Float: func(x float64) string { return pyFloat("%.3e", x) }},
	"twoline": {Float: func(x float64) string {
		return pyFloat("%.1f", x) + "\n" + pyFloat("%.1f", -x)
	}},
	"yn": {Bool: func(b bool) string {
		if b {
			return "Y"
		}
		return "N"
	}},
	"star": {All: func(any) string { return "*" }},
	"trunc": {All: func(v any) string {
		switch v := v.(type) {
		case float32:
			return strconv.FormatInt(int64(v), 10)
		case float64:
			return strconv.FormatInt(int64(v), 10)
		}
		return fmt.Sprint(v)
	}},
}

// options builds the case's PrintOptions from NumPy's defaults.
func (c printCase) options(t *testing.T) tensor.PrintOptions {
	t.Helper()
	o, co := tensor.DefaultPrintOptions(), c.Options
	if co.Precision != nil {
		o.Precision = *co.Precision
	}
	if co.Threshold != nil {
		o.Threshold = int(max(min(*co.Threshold, math.MaxInt), math.MinInt))
		if *co.Threshold >= math.MaxInt64 {
			o.Threshold = math.MaxInt
		}
	}
	if co.EdgeItems != nil {
		o.EdgeItems = *co.EdgeItems
	}
	if co.LineWidth != nil {
		o.LineWidth = *co.LineWidth
	}
	if co.Suppress != nil {
		o.Suppress = *co.Suppress
	}
	if co.Sign != nil {
		o.Sign = []rune(*co.Sign)[0]
	}
	if co.FloatMode != nil {
		o.FloatMode = *co.FloatMode
	}
	if co.NaNStr != nil {
		o.NaNStr = *co.NaNStr
	}
	if co.InfStr != nil {
		o.InfStr = *co.InfStr
	}
	for kind, name := range c.Formatter {
		f, ok := printFormatters[name]
		if !ok {
			t.Fatalf("no Go formatter %q", name)
		}
		switch kind {
		case "all":
			o.Formatter.All = f.All
		case "bool":
			o.Formatter.Bool = f.Bool
		case "int", "int_kind":
			o.Formatter.Int = f.Int
		case "float", "float_kind":
			o.Formatter.Float = f.Float
		default:
			t.Fatalf("unknown formatter kind %q", kind)
		}
	}
	return o
}

func loadPrintCases(t *testing.T) []printCase {
	t.Helper()
	f, err := os.Open("testdata/print-cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []printCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var c printCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("print-cases.jsonl line %d: %v", len(cases)+1, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// tensor builds the case's array, in its view.
func (c printCase) tensor(t *testing.T) *tensor.Tensor {
	x := formatTensor(t, formatCase{DType: c.DType, Shape: c.Shape, Data: c.Data})
	view, ok := formatViews[c.View]
	if !ok {
		t.Fatalf("unknown view %q", c.View)
	}
	return view(x)
}

// TestPrintOptionsNumPy prints each recorded array with its options three ways (per call,
// in a WithPrintOptions scope, and as the global default) and wants NumPy's str and repr
// byte for byte.
func TestPrintOptionsNumPy(t *testing.T) {
	cases := loadPrintCases(t)
	perOption := map[string]int{}
	for _, c := range cases {
		for _, o := range c.Tests {
			perOption[o]++
		}
	}
	for _, o := range []string{"precision", "threshold", "edgeitems", "linewidth", "suppress",
		"sign", "floatmode", "nanstr", "infstr", "formatter", "0d"} {
		if perOption[o] < 5 {
			t.Errorf("print-cases.jsonl has %d cases for %s, want at least 5", perOption[o], o)
		}
	}
	saved := tensor.GetPrintOptions()
	defer tensor.SetPrintOptions(saved)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			x, o := c.tensor(t), c.options(t)
			check := func(how, gotStr, gotRepr string) {
				t.Helper()
				if gotStr != c.Str {
					t.Errorf("%s str:\ngot:\n%s\nwant (NumPy):\n%s", how, gotStr, c.Str)
				}
				if gotRepr != c.Repr {
					t.Errorf("%s repr:\ngot:\n%s\nwant (NumPy):\n%s", how, gotRepr, c.Repr)
				}
			}
			check("StrWith/ReprWith", tensor.StrWith(x, o), x.ReprWith(o))
			tensor.WithPrintOptions(o, func() {
				check("WithPrintOptions", fmt.Sprintf("%s", x), fmt.Sprint(x))
			})
			tensor.SetPrintOptions(o)
			check("SetPrintOptions", x.Str(), x.Repr())
			tensor.SetPrintOptions(saved)
		})
	}
}

func TestPrintOptionsDefaultsAndScopes(t *testing.T) {
	x := tensor.FromSlice([]float64{1.0 / 3, 2})
	def := tensor.DefaultPrintOptions()
	if got, want := x.ReprWith(def), x.String(); got != want {
		t.Errorf("ReprWith(DefaultPrintOptions()) = %q, String() = %q", got, want)
	}
	p2, p4 := def, def
	p2.Precision, p4.Precision = 2, 4
	saved := tensor.GetPrintOptions()
	defer tensor.SetPrintOptions(saved)
	tensor.WithPrintOptions(p2, func() {
		if got := x.Str(); got != "[0.33 2.  ]" {
			t.Errorf("in scope: %q", got)
		}
		if got := tensor.GetPrintOptions().Precision; got != 2 {
			t.Errorf("GetPrintOptions in scope: precision %d", got)
		}
		tensor.WithPrintOptions(p4, func() {
			if got := x.Str(); got != "[0.3333 2.    ]" {
				t.Errorf("nested scope: %q", got)
			}
		})
		if got := fmt.Sprintf("%.1s|%s", x, x); got != "[0.3 2. ]|[0.33 2.  ]" {
			t.Errorf("after nested scope: %q", got)
		}
		tensor.SetPrintOptions(p4) // changes the scope, not the global default
		if got := x.Str(); got != "[0.3333 2.    ]" {
			t.Errorf("Set in scope: %q", got)
		}
		func() {
			defer func() { recover() }()
			tensor.WithPrintOptions(def, func() { panic("out of fn") })
		}()
		if got := x.Str(); got != "[0.3333 2.    ]" {
			t.Errorf("after a panicking scope: %q", got)
		}
	})
	if got := x.Str(); got != "[0.33333333 2.        ]" {
		t.Errorf("after scope: %q", got)
	}
	tensor.SetPrintOptions(p2)
	if got := tensor.GetPrintOptions().Precision; got != 2 {
		t.Errorf("GetPrintOptions after Set: precision %d", got)
	}
	if got := x.Str(); got != "[0.33 2.  ]" {
		t.Errorf("after SetPrintOptions: %q", got)
	}
	huge := def
	huge.EdgeItems, huge.Threshold = math.MaxInt, -1 // summarising, but no axis is long enough
	if got := tensor.StrWith(tensor.Arange(tensor.Int64, 0, 4, 1), huge); got != "[0 1 2 3]" {
		t.Errorf("EdgeItems math.MaxInt: %q", got)
	}
	if got := tensor.StrWith(nil, def); got != "<nil>" {
		t.Errorf("StrWith(nil) = %q", got)
	}
}

func TestPrintOptionsMisuse(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2})
	bad := func(f func(*tensor.PrintOptions)) tensor.PrintOptions {
		o := tensor.DefaultPrintOptions()
		f(&o)
		return o
	}
	saved := tensor.GetPrintOptions()
	for name, o := range map[string]tensor.PrintOptions{
		"zero":       {},
		"precision":  bad(func(o *tensor.PrintOptions) { o.Precision = -1 }),
		"edgeitems":  bad(func(o *tensor.PrintOptions) { o.EdgeItems = -2 }),
		"sign":       bad(func(o *tensor.PrintOptions) { o.Sign = 'x' }),
		"floatmode":  bad(func(o *tensor.PrintOptions) { o.FloatMode = "exact" }),
		"floatmode0": bad(func(o *tensor.PrintOptions) { o.FloatMode = "" }),
	} {
		for how, f := range map[string]func(){
			"Set":  func() { tensor.SetPrintOptions(o) },
			"With": func() { tensor.WithPrintOptions(o, func() { t.Errorf("%s: fn ran", name) }) },
			"Repr": func() { tensor.ReprWith(x, o) },
			"Str":  func() { x.StrWith(o) },
		} {
			err := tensor.Try(f)
			if tensor.KindOf(err) != tensor.Value {
				t.Errorf("%s %s: %v, want a Value error", how, name, err)
			}
		}
	}
	if got := tensor.GetPrintOptions(); got.Precision != saved.Precision || got.Sign != saved.Sign {
		t.Errorf("a refused SetPrintOptions changed the options: %+v", got)
	}
}

// TestPrintOptionsConcurrent formats from many goroutines at once, each with its own
// options (per call and in WithPrintOptions scopes), while another goroutine keeps
// changing the global default; every output must be the one its options give. Run it
// with -race.
func TestPrintOptionsConcurrent(t *testing.T) {
	x := tensor.FromSlice([]float64{1.0 / 3, -2, 1e-6}, 3)
	want := map[int]string{}
	opts := map[int]tensor.PrintOptions{}
	for p := 0; p < 6; p++ {
		o := tensor.DefaultPrintOptions()
		o.Precision, o.Suppress, o.Sign = p, p%2 == 0, []rune("-+ ")[p%3]
		opts[p] = o
		want[p] = x.ReprWith(o)
	}
	globalA, globalB := tensor.DefaultPrintOptions(), tensor.DefaultPrintOptions()
	globalB.FloatMode, globalB.Precision = "fixed", 3
	wantA, wantB := x.ReprWith(globalA), x.ReprWith(globalB)
	saved := tensor.GetPrintOptions()
	defer tensor.SetPrintOptions(saved)

	stop := make(chan struct{})
	var setter, wg sync.WaitGroup
	setter.Add(1)
	go func() { // flips the global default until the printers are done
		defer setter.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if i%2 == 0 {
				tensor.SetPrintOptions(globalA)
			} else {
				tensor.SetPrintOptions(globalB)
			}
		}
	}()
	errs := make(chan string, 12) // one error at most per goroutine
	for g := 0; g < 12; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := g % 6
			for i := 0; i < 200; i++ {
				var got, how string
				switch i % 3 {
				case 0:
					got, how = tensor.ReprWith(x, opts[p]), "ReprWith"
				case 1:
					tensor.WithPrintOptions(opts[p], func() { got = fmt.Sprint(x) })
					how = "WithPrintOptions"
				case 2:
					got = x.String() // the global default: either of the two
					if got != wantA && got != wantB {
						errs <- fmt.Sprintf("goroutine %d: global default printed %q", g, got)
						return
					}
					continue
				}
				if got != want[p] {
					errs <- fmt.Sprintf("goroutine %d, %s: got %q, want %q", g, how, got, want[p])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	setter.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func ExampleSetPrintOptions() {
	saved := tensor.GetPrintOptions()
	defer tensor.SetPrintOptions(saved)

	o := tensor.GetPrintOptions() // change some options, keep the others
	o.Precision, o.Suppress, o.Threshold = 2, true, 5
	tensor.SetPrintOptions(o)
	fmt.Println(tensor.Linspace(tensor.Float64, 0, 10, 10, true))
	// Output:
	// array([ 0.  ,  1.11,  2.22, ...,  7.78,  8.89, 10.  ])
}

func ExampleWithPrintOptions() {
	x := tensor.FromSlice([]float64{1e-10, 1, 2.5})
	o := tensor.DefaultPrintOptions()
	o.Suppress = true
	tensor.WithPrintOptions(o, func() {
		fmt.Println(x) // this goroutine only, until fn returns
	})
	fmt.Println(x)
	// Output:
	// array([0. , 1. , 2.5])
	// array([1.0e-10, 1.0e+00, 2.5e+00])
}

func ExampleReprWith() {
	x := tensor.FromSlice([]float64{0.1, 0.25, 1.0 / 3})
	o := tensor.DefaultPrintOptions()
	o.Precision, o.Sign = 4, '+'
	for _, mode := range []string{"fixed", "unique", "maxprec", "maxprec_equal"} {
		o.FloatMode = mode
		fmt.Println(x.StrWith(o), tensor.ReprWith(x, o))
	}
	// Output:
	// [+0.1000 +0.2500 +0.3333] array([+0.1000, +0.2500, +0.3333])
	// [+0.1                +0.25               +0.3333333333333333] array([+0.1               , +0.25              , +0.3333333333333333])
	// [+0.1    +0.25   +0.3333] array([+0.1   , +0.25  , +0.3333])
	// [+0.1000 +0.2500 +0.3333] array([+0.1000, +0.2500, +0.3333])
}

func ExampleFormatter() {
	o := tensor.DefaultPrintOptions()
	o.Formatter = tensor.Formatter{
		Int:   func(v int64) string { return fmt.Sprintf("%#x", v) },
		Float: func(v float64) string { return fmt.Sprintf("%.2f", v) },
		Bool: func(b bool) string {
			if b {
				return "Y"
			}
			return "N"
		},
	}
	fmt.Println(tensor.ReprWith(tensor.Arange(tensor.Int64, 8, 13, 1), o))
	fmt.Println(tensor.StrWith(tensor.FromSlice([]float64{1.234, 5}), o))
	fmt.Println(tensor.StrWith(tensor.FromSlice([]bool{true, false}), o))
	// Output:
	// array([0x8, 0x9, 0xa, 0xb, 0xc])
	// [1.23 5.00]
	// [Y N]
}
