package tensor

// Einstein summation: the subscripts are parsed into labels per dimension, repeated
// labels within an operand become diagonals, labels no other operand or the output
// needs are summed away, and then the operands are contracted two at a time, each pair
// transposed and reshaped into one batched MatMul. No Go loop touches elements, so
// Einsum runs on every device.

import (
	"fmt"
	"slices"
	"strings"
)

// esEll is the first label of the broadcast (ellipsis) dimensions: the k-th of them
// (counted from the left of the widest ellipsis) is esEll+k. Letters are their byte
// values, below it.
const esEll = 128

// Einsum evaluates the Einstein summation convention on the operands, as np.einsum.
// subscripts names each dimension of each operand with a letter (a-z, A-Z), operands
// separated by commas; "->" followed by letters gives the output, else the output is
// every letter that appears exactly once, in alphabetical order (uppercase first, as
// NumPy orders them). Letters that are not in the output are summed over; a letter
// repeated within one operand takes its diagonal ("ii->i", or the trace "ii"). "..."
// stands for the dimensions that have no letter, broadcast across operands (right
// aligned) and placed where the output's "..." is (first, with an implicit output).
// Dimensions of size 1 broadcast against the same letter's size in other operands, as in
// NumPy. Spaces are ignored.
//
//	Einsum("ij,jk->ik", a, b)     // a @ b
//	Einsum("...ij,...jk", a, b)   // batched a @ b
//	Einsum("ii", a)               // the trace
//	Einsum("i,i", x, y)           // the inner product
//	Einsum("ij->ji", a)           // a.T, a view
//
// The result's dtype is np.result_type of the operands (bool: true where some product
// of trues appears; integer sums wrap in the operands' width, as NumPy's). With one
// operand and nothing summed the result is a view of it, as in NumPy (transposed and/or
// diagonal). Otherwise each pair of operands is contracted by one batched MatMul (the
// GEMM), after transposing and reshaping (a copy only where the layout does not allow a
// view); with three or more operands the pair contracted next is chosen greedily, as
// NumPy's optimize="greedy": the pair sharing a letter whose result is smallest relative
// to its inputs, the leftmost pair on ties. Integer and bool operands are contracted in
// int64 and converted back.
//
// Bad subscripts (a character that is not a letter, "." outside "...", too many or too
// few letters for an operand's rank, an output letter that is no input's or is repeated,
// a count of terms unequal to the number of operands) and letters whose sizes differ
// (and are not 1) are Value errors, as NumPy's ValueError. Autograd records the ops it
// is composed of (diagonals then gather with Take instead of a strided view).
func Einsum(subscripts string, operands ...*Tensor) *Tensor {
	const op = "Einsum"
	if len(operands) == 0 {
		fail(Value, op, "need the subscripts and at least one operand")
	}
	ranks := make([]int, len(operands))
	for i, t := range operands {
		if t == nil {
			fail(Value, op, "operand %d is nil", i)
		}
		ranks[i] = len(t.must(op).shape)
	}
	ins, out := parseEinsum(subscripts, ranks)
	sizes := esSizes(operands, ins)
	d := deviceOf(op, operands...)
	ct := promoteTensors(operands...)

	if len(operands) == 1 && esOnlyPermutes(ins[0], out) {
		x, labels := esDiagonal(operands[0], ins[0])
		return esArrange(x, labels, out)
	}
	work := sumType(ct)
	ops := make([]esOperand, len(operands))
	for i, t := range operands {
		x, labels := esDiagonal(onDevice(t, d).as(work), ins[i])
		ops[i] = esOperand{x, labels}
	}
	outSet := esSet(out)
	for i := range ops { // sum away letters that only this operand has
		need := esNeeded(ops, i, outSet)
		ops[i] = ops[i].sumExcept(need)
	}
	for len(ops) > 1 {
		i, j := esPick(ops, outSet, sizes)
		keep := esNeeded(ops, -1, outSet, i, j)
		c := esContract(ops[i], ops[j], keep)
		rest := make([]esOperand, 0, len(ops)-1)
		for k := range ops {
			if k != i && k != j {
				rest = append(rest, ops[k])
			}
		}
		ops = append(rest, c)
	}
	r := ops[0].sumExcept(outSet)
	res := esArrange(r.t, r.labels, out)
	switch {
	case ct == Bool:
		return NotEqual(res, 0)
	case ct != work:
		return res.AsType(ct)
	}
	return res
}

// esTerm is one term of the subscripts as written: its letters and where "..." stands
// among them (-1 for none).
type esTerm struct {
	letters []int
	ell     int
}

// parseEinsumTerm reads one term (what names it in messages: "operand 0", "the output").
func parseEinsumTerm(term, what string) esTerm {
	t := esTerm{ell: -1}
	for i := 0; i < len(term); i++ {
		c := term[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			t.letters = append(t.letters, int(c))
		case c == '.':
			if t.ell >= 0 || !strings.HasPrefix(term[i:], "...") {
				fail(Value, "Einsum", "subscripts contain a '.' that is not part of an ellipsis ('...') in %s", what)
			}
			t.ell = len(t.letters)
			i += 2
		default:
			fail(Value, "Einsum", "invalid subscript %q in the subscripts of %s: subscripts must be letters", string(c), what)
		}
	}
	return t
}

// parseEinsum turns subscripts for operands of the given ranks into labels, one per
// dimension of each operand, and the output's labels.
func parseEinsum(subscripts string, ranks []int) (ins [][]int, out []int) {
	const op = "Einsum"
	s := strings.ReplaceAll(subscripts, " ", "")
	lhs, rhs, explicit := strings.Cut(s, "->")
	parts := strings.Split(lhs, ",")
	if len(parts) != len(ranks) {
		fail(Value, op, "subscripts %q have %d terms but %d operands were given", subscripts, len(parts), len(ranks))
	}
	terms := make([]esTerm, len(parts))
	nb := 0 // broadcast dimensions: the most any "..." stands for
	for i, p := range parts {
		t := parseEinsumTerm(p, fmt.Sprintf("operand %d", i))
		n := len(t.letters)
		switch {
		case n > ranks[i]:
			fail(Value, op, "subscripts %q contain too many subscripts for operand %d: %d letters for %d dimensions", p, i, n, ranks[i])
		case t.ell < 0 && n < ranks[i]:
			fail(Value, op, "operand %d has %d dimensions but subscripts %q name %d, and no '...' stands for the others", i, ranks[i], p, n)
		case t.ell >= 0:
			nb = max(nb, ranks[i]-n)
		}
		terms[i] = t
	}
	ins = make([][]int, len(terms))
	count := map[int]int{}
	for i, t := range terms {
		ins[i] = t.expand(ranks[i]-len(t.letters), nb)
		for _, l := range t.letters {
			count[l]++
		}
	}
	if !explicit {
		for k := 0; k < nb; k++ {
			out = append(out, esEll+k)
		}
		for l := 0; l < esEll; l++ {
			if count[l] == 1 {
				out = append(out, l)
			}
		}
		return ins, out
	}
	t := parseEinsumTerm(rhs, "the output")
	seen := map[int]bool{}
	for _, l := range t.letters {
		switch {
		case count[l] == 0:
			fail(Value, op, "output subscript %q never appears in an input", string(rune(l)))
		case seen[l]:
			fail(Value, op, "output subscript %q appears more than once", string(rune(l)))
		}
		seen[l] = true
	}
	if t.ell < 0 && nb > 0 {
		fail(Value, op, "the inputs have %d broadcast ('...') dimensions but the output %q has no '...' for them", nb, rhs)
	}
	return ins, t.expand(nb, nb)
}

// expand returns the term's labels with "..." replaced by e broadcast labels, the last e
// of nb.
func (t esTerm) expand(e, nb int) []int {
	if t.ell < 0 {
		return t.letters
	}
	l := append([]int{}, t.letters[:t.ell]...)
	for k := nb - e; k < nb; k++ {
		l = append(l, esEll+k)
	}
	return append(l, t.letters[t.ell:]...)
}

// esLabelName names a label in messages.
func esLabelName(l int) string {
	if l >= esEll {
		return fmt.Sprintf("broadcast dimension %d", l-esEll)
	}
	return fmt.Sprintf("%q", string(rune(l)))
}

// esSizes returns the size of every label: dimensions that share a label in one operand
// must be equal; across operands they broadcast (equal, or 1).
func esSizes(ts []*Tensor, ins [][]int) map[int]int {
	const op = "Einsum"
	sizes := map[int]int{}
	for i, t := range ts {
		mine := map[int]int{}
		for k, l := range ins[i] {
			n := t.shape[k]
			if m, ok := mine[l]; ok && m != n {
				fail(Value, op, "dimensions in operand %d for collapsing index %s don't match (%d != %d)", i, esLabelName(l), m, n)
			}
			mine[l] = n
			switch m, ok := sizes[l]; {
			case !ok || m == 1:
				sizes[l] = n
			case n != m && n != 1:
				fail(Value, op, "operands could not be broadcast together: %s is %d in operand %d but %d before it (shapes %s)",
					esLabelName(l), n, i, m, esShapes(ts))
			}
		}
	}
	return sizes
}

func esShapes(ts []*Tensor) string {
	p := make([]string, len(ts))
	for i, t := range ts {
		p[i] = shapeStr(t.shape)
	}
	return strings.Join(p, ", ")
}

// esOnlyPermutes reports whether a single operand with labels in becomes out without
// summing anything: every label it has is in the output.
func esOnlyPermutes(in, out []int) bool {
	o := esSet(out)
	for _, l := range in {
		if !o[l] {
			return false
		}
	}
	return true
}

func esSet(ls []int) map[int]bool {
	s := make(map[int]bool, len(ls))
	for _, l := range ls {
		s[l] = true
	}
	return s
}

// esDiagonal takes the diagonal over every label repeated in x's labels and returns it
// with its labels, each once, in order of first appearance: a strided view, or for a
// tensor that records a gradient, a gather by Take (which autograd differentiates).
func esDiagonal(x *Tensor, labels []int) (*Tensor, []int) {
	uniq := make([]int, 0, len(labels))
	for _, l := range labels {
		if !slices.Contains(uniq, l) {
			uniq = append(uniq, l)
		}
	}
	if len(uniq) == len(labels) {
		return x, labels
	}
	if !x.TracksGrad() {
		shape, strides := make([]int, len(uniq)), make([]int, len(uniq))
		for k, l := range labels {
			j := slices.Index(uniq, l)
			shape[j] = x.shape[k]
			strides[j] += x.strides[k]
		}
		return x.view(shape, strides, x.offset), uniq
	}
	labels = slices.Clone(labels)
	for {
		p, q := -1, -1
		for a := 0; a < len(labels) && q < 0; a++ {
			if b := slices.Index(labels[a+1:], labels[a]); b >= 0 {
				p, q = a, a+1+b
			}
		}
		if q < 0 {
			return x, labels
		}
		n := x.shape[p]
		x = x.MoveAxis(q, p+1)
		shape := slices.Concat(x.shape[:p], []int{n * n}, x.shape[p+2:])
		idx := Arange(Int64, 0, float64(n*n), float64(n+1)).To(x.Device())
		x = Take(x.Reshape(shape...), idx, p)
		labels = slices.Delete(labels, q, q+1)
	}
}

// esArrange transposes x (labelled, each label once) into the order of out.
func esArrange(x *Tensor, labels, out []int) *Tensor {
	perm := make([]int, len(out))
	ident := true
	for i, l := range out {
		perm[i] = slices.Index(labels, l)
		ident = ident && perm[i] == i
	}
	if ident {
		return x
	}
	return x.Transpose(perm...)
}

// esOperand is an operand during the contraction: a tensor and a label per dimension,
// each label once.
type esOperand struct {
	t      *Tensor
	labels []int
}

// sumExcept sums the operand over the labels not in keep.
func (o esOperand) sumExcept(keep map[int]bool) esOperand {
	var axes, labels []int
	for k, l := range o.labels {
		if keep[l] {
			labels = append(labels, l)
		} else {
			axes = append(axes, k)
		}
	}
	if len(axes) == 0 {
		return o
	}
	return esOperand{Sum(o.t, axes...), labels}
}

// esNeeded is the set of labels that must survive: the output's and those of every
// operand but the ones skipped.
func esNeeded(ops []esOperand, skip int, out map[int]bool, skips ...int) map[int]bool {
	need := make(map[int]bool, len(out))
	for l := range out {
		need[l] = true
	}
	for k, o := range ops {
		if k == skip || slices.Contains(skips, k) {
			continue
		}
		for _, l := range o.labels {
			need[l] = true
		}
	}
	return need
}

// esPick chooses the next pair to contract: among pairs that share a label (all pairs
// when none do), the one whose result is smallest less the sizes of its inputs, as
// opt_einsum's greedy path; the leftmost on ties.
func esPick(ops []esOperand, out map[int]bool, sizes map[int]int) (int, int) {
	if len(ops) == 2 {
		return 0, 1
	}
	size := func(ls []int) float64 {
		s := 1.0
		for _, l := range ls {
			s *= float64(sizes[l])
		}
		return s
	}
	bi, bj, best, bestShares := 0, 1, 0.0, false
	for i := range ops {
		for j := i + 1; j < len(ops); j++ {
			keep := esNeeded(ops, -1, out, i, j)
			var res []int
			shares := false
			for _, l := range ops[i].labels {
				in := slices.Contains(ops[j].labels, l)
				shares = shares || in
				if keep[l] {
					res = append(res, l)
				}
			}
			for _, l := range ops[j].labels {
				if keep[l] && !slices.Contains(ops[i].labels, l) {
					res = append(res, l)
				}
			}
			cost := size(res) - size(ops[i].labels) - size(ops[j].labels)
			if (i == 0 && j == 1) || shares && !bestShares || shares == bestShares && cost < best {
				bi, bj, best, bestShares = i, j, cost, shares
			}
		}
	}
	return bi, bj
}

// esContract contracts a and b into one operand with the labels in keep, by one batched
// MatMul: a as (batch..., m, k) and b as (batch..., k, n), where the batch labels are
// shared and kept, k the shared labels summed over, m and n the others.
func esContract(a, b esOperand, keep map[int]bool) esOperand {
	var batch, con, aOnly, bOnly []int
	for _, l := range a.labels {
		switch {
		case !slices.Contains(b.labels, l):
			aOnly = append(aOnly, l)
		case keep[l]:
			batch = append(batch, l)
		default:
			con = append(con, l)
		}
	}
	for _, l := range b.labels {
		if !slices.Contains(a.labels, l) {
			bOnly = append(bOnly, l)
		}
	}
	// A summed label that broadcasts (size 1 on one side): sum the other side over it.
	for _, l := range con {
		ka, kb := slices.Index(a.labels, l), slices.Index(b.labels, l)
		switch na, nb := a.t.shape[ka], b.t.shape[kb]; {
		case na == 1 && nb != 1:
			b.t = Sum(b.t, kb, KeepDims)
		case nb == 1 && na != 1:
			a.t = Sum(a.t, ka, KeepDims)
		}
	}
	x, xs, _ := esMatrices(a, batch, aOnly, con)
	y, _, ys := esMatrices(b, batch, con, bOnly)
	r := MatMul(x, y)
	shape := slices.Concat(r.shape[:len(batch)], xs, ys)
	if !slices.Equal(shape, r.shape) {
		r = r.Reshape(shape...)
	}
	return esOperand{r, slices.Concat(batch, aOnly, bOnly)}
}

// esMatrices transposes o to (batch, rows, cols) label order and reshapes it to
// (batch..., R, C), R and C the products of the row and column labels' sizes, which it
// returns.
func esMatrices(o esOperand, batch, rows, cols []int) (x *Tensor, rs, cs []int) {
	x = esArrange(o.t, o.labels, slices.Concat(batch, rows, cols))
	nb, nr := len(batch), len(rows)
	rs, cs = x.shape[nb:nb+nr], x.shape[nb+nr:]
	shape := append(slices.Clone(x.shape[:nb]), prod(rs), prod(cs))
	if !slices.Equal(shape, x.shape) {
		x = x.Reshape(shape...)
	}
	return x, slices.Clone(rs), slices.Clone(cs)
}
