# The NumPy peer of gotensor's gpubench. Protocol, one JSON object per line: this script
# writes {"version": ...} (or {"error": ...} and exits); gpubench writes the budget
# {"seconds", "min_reps", "max_reps", "min_sample"}; then for each case gpubench writes
# {"op", "dtype", "shape"} and this script answers {"seconds": median per call} or
# {"unsupported": why}. Timing mirrors gpubench's measure.go: warm-up and batching of fast
# calls, then the median of samples. The ops mirror cases.go.
import json
import statistics
import sys
import time

try:
    import numpy as np
except ImportError:
    print(json.dumps({"error": "NumPy is not installed (apt-get install python3-numpy)"}), flush=True)
    sys.exit(0)


def inp(case, seed):
    rng = np.random.default_rng(seed)
    return (2 * rng.random(case["shape"]) - 1).astype(case["dtype"])


def softmax(a):
    e = np.exp(a - a.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def prepare(case):
    op = case["op"]
    a = inp(case, 1)
    if op == "add":
        b = inp(case, 2)
        return lambda: a + b
    if op == "add_out":
        b, o = inp(case, 2), inp(case, 3)
        return lambda: np.add(a, b, out=o)
    if op == "exp":
        return lambda: np.exp(a)
    if op == "exp_out":
        o = inp(case, 2)
        return lambda: np.exp(a, out=o)
    if op == "sum":
        return lambda: a.sum()
    if op == "sum_axis0":
        return lambda: a.sum(axis=0)
    if op == "sum_axis1":
        return lambda: a.sum(axis=1)
    if op == "matmul":
        b = inp(case, 2)
        return lambda: a @ b
    if op == "softmax":
        return lambda: softmax(a)
    return None


def measure(f, budget):
    min_sample = budget["min_sample"]

    def call(n):
        t = time.perf_counter()
        for _ in range(n):
            f()
        return time.perf_counter() - t

    batch = 1
    while batch < 1 << 20:
        d = call(batch)
        if d >= min_sample:
            break
        nxt = 2 * batch
        if d > 0:
            nxt = max(nxt, int(1.2 * batch * min_sample / d))
        batch = min(nxt, 1 << 20)
    samples = []
    start = time.perf_counter()
    while len(samples) < budget["min_reps"] or (
        time.perf_counter() - start < budget["seconds"] and len(samples) < budget["max_reps"]
    ):
        samples.append(call(batch) / batch)
    return statistics.median(samples)


def main():
    print(json.dumps({"version": "numpy " + np.__version__}), flush=True)
    budget = json.loads(sys.stdin.readline())
    for line in sys.stdin:
        case = json.loads(line)
        f = prepare(case)
        if f is None:
            print(json.dumps({"unsupported": "no op " + case["op"]}), flush=True)
            continue
        print(json.dumps({"seconds": measure(f, budget)}), flush=True)


main()
