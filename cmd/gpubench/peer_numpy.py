# The NumPy peer of gotensor's gpubench. Protocol, one JSON object per line: this script
# writes {"version": ...} (or {"error": ...} and exits); gpubench writes the budget
# {"seconds", "min_reps", "max_reps", "min_sample", "slow_reps"}; then for each case
# gpubench writes {"op", "dtype", "shape", "copies", "domain": {"lo", "hi", "log"}} and this
# script answers {"seconds": median per call} or {"unsupported": why}. Timing mirrors
# gpubench's measure.go: warm-up and batching of fast calls, then the median of samples.
# The ops mirror cases.go (each op's Doc there says what it runs here); inputs are drawn
# from the same domain, and "copies" input sets are used in turn, one per call, as
# gotensor's are (see copies in suite.go).
import itertools
import json
import statistics
import sys
import time

try:
    import numpy as np
except ImportError:
    print(json.dumps({"error": "NumPy is not installed (apt-get install python3-numpy)"}), flush=True)
    sys.exit(0)


def inp(case, k, arg, shape=None):
    """Argument arg (1 for a, 2 for b, 3 for an output) of input set k, from the domain,
    of the case's shape or the one given."""
    rng = np.random.default_rng(arg + (k << 16))
    u = rng.random(case["shape"] if shape is None else shape)
    d = case["domain"]
    if d["log"]:
        lo, hi = np.log(d["lo"]), np.log(d["hi"])
        v = np.exp(lo + u * (hi - lo))
    else:
        v = d["lo"] + u * (d["hi"] - d["lo"])
    return v.astype(case["dtype"])


def softmax(a):
    e = a - a.max(-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(-1, keepdims=True)
    return e


def sigmoid(a):
    # NumPy has no sigmoid ufunc (and SciPy's expit may be absent): one allocation, like
    # gotensor's, then in-place passes.
    t = np.negative(a)
    np.exp(t, out=t)
    t += 1
    np.reciprocal(t, out=t)
    return t


def make_call(case, k):
    """The call of input set k of the case, or None for an unknown op."""
    op = case["op"]
    if op.endswith("_scope"):
        op = op[: -len("_scope")]  # a tensor.Scope frees the result: NumPy's refcount does
    if op in ("matmul_nn", "matmul_nt", "matmul_tn"):
        # A training step's product; the case's shape is m x k x n, and the transposed
        # operand is the .T view of a C-contiguous array, as a Linear layer's weight is.
        m, kk, n = case["shape"]
        if op == "matmul_nn":
            a, b = inp(case, k, 1, (m, kk)), inp(case, k, 2, (kk, n))
            return lambda: a @ b
        if op == "matmul_nt":
            a, b = inp(case, k, 1, (m, kk)), inp(case, k, 2, (n, kk))
            return lambda: a @ b.T
        a, b = inp(case, k, 1, (kk, m)), inp(case, k, 2, (kk, n))
        return lambda: a.T @ b
    a = inp(case, k, 1)
    if op in ("add", "add_free"):
        b = inp(case, k, 2)
        return lambda: a + b
    if op == "mul_scalar":
        return lambda: a * 2.5
    if op == "sub_bcast":
        b = np.ascontiguousarray(inp(case, k, 2)[0])
        return lambda: a - b
    if op == "chain":
        m = np.ascontiguousarray(inp(case, k, 2)[0])
        s = np.ascontiguousarray(inp(case, k, 3)[0])
        return lambda: (a - m) / s
    if op == "add_out":
        b, o = inp(case, k, 2), inp(case, k, 3)
        return lambda: np.add(a, b, out=o)
    if op == "fma_out":
        b, c, o = inp(case, k, 2), inp(case, k, 3), inp(case, k, 4)

        def fma():
            np.multiply(a, b, out=o)
            np.add(o, c, out=o)
        return fma
    if op == "dot":
        b = inp(case, k, 2)
        return lambda: np.dot(a, b)
    if op == "exp":
        return lambda: np.exp(a)
    if op == "exp_out":
        o = inp(case, k, 2)
        return lambda: np.exp(a, out=o)
    if op == "tanh":
        return lambda: np.tanh(a)
    if op == "sigmoid":
        return lambda: sigmoid(a)
    if op == "log":
        return lambda: np.log(a)
    if op == "cast":
        to = np.float64 if case["dtype"] == "float32" else np.float32
        return lambda: a.astype(to)
    if op == "sum":
        return lambda: a.sum()
    if op == "sum_axis0":
        return lambda: a.sum(axis=0)
    if op == "sum_axis1":
        return lambda: a.sum(axis=1)
    if op == "argmax":
        return lambda: a.argmax()
    if op == "argmax_axis1":
        return lambda: a.argmax(axis=1)
    if op == "transpose_copy":
        return lambda: a.T.copy()
    if op in ("matmul", "bmm"):
        b = inp(case, k, 2)
        return lambda: a @ b
    if op == "softmax":
        return lambda: softmax(a)
    return None


def measure(fs, budget):
    """Median seconds per call of the calls fs, used in turn (the position carries over
    from one batch to the next)."""
    min_sample = budget["min_sample"]
    turn = itertools.cycle(fs)

    def call(n):
        calls = list(itertools.islice(turn, n))  # built before the clock starts
        t = time.perf_counter()
        for f in calls:
            f()
        return time.perf_counter() - t

    batch, min_reps = 1, budget["min_reps"]
    while batch < 1 << 20:
        d = call(batch)
        if d >= min_sample:
            if batch == 1 and min_reps > 0 and d > budget["seconds"] / min_reps:
                min_reps = min(min_reps, budget["slow_reps"])
            break
        nxt = 2 * batch
        if d > 0:
            nxt = max(nxt, int(1.2 * batch * min_sample / d))
        batch = min(nxt, 1 << 20)
    samples = []
    start = time.perf_counter()
    while len(samples) < min_reps or (
        time.perf_counter() - start < budget["seconds"] and len(samples) < budget["max_reps"]
    ):
        samples.append(call(batch) / batch)
    return statistics.median(samples)


def main():
    print(json.dumps({"version": "numpy " + np.__version__}), flush=True)
    budget = json.loads(sys.stdin.readline())
    for line in sys.stdin:
        case = json.loads(line)
        fs = [make_call(case, k) for k in range(max(case.get("copies") or 1, 1))]
        if fs[0] is None:
            print(json.dumps({"unsupported": "no op " + case["op"]}), flush=True)
            continue
        print(json.dumps({"seconds": measure(fs, budget)}), flush=True)
        del fs


main()
