"""Helpers shared by the gen_<family>.py scripts beside this file: the case format and
the enc/Gen helpers of shared/conformance/gen.py, once.

A script imports it from its own directory, so it runs from any working directory:

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from caselib import Gen, num

Each case is one JSON line {"id", "op", "inputs", "params", "expect", "error", "rtol",
"atol"} (see ../README.md). A script keeps its own specialities by subclassing Gen: the
arr() defaults (dtype, uint8_full_range), how NumPy's exceptions become gotensor's error
kinds (classify, or kind for the whole policy), how an answer is run and encoded (run,
answer, enc) and the tolerances (tol).
"""
import json
import math
import sys

import numpy as np

TOL = {"float32": (2e-5, 1e-6), "float64": (1e-12, 1e-12)}


def enc_value(v, dtype):
    if dtype == "bool":
        return bool(v)
    if dtype.startswith("float"):
        f = float(v)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    return int(v)


def enc(a):
    a = np.asarray(a)
    dt = str(a.dtype)
    return {"dtype": dt, "shape": list(a.shape),
            "data": [enc_value(v, dt) for v in a.ravel(order="C")]}


def num(v):
    """A number param as the case file spells it (non-finite floats as strings)."""
    if v is None or isinstance(v, (bool, int)):
        return v
    return enc_value(v, "float64")


def numpy_kind(e):
    """gen.py's error kind for NumPy's exception e; re-raises what it does not map.
    TypeError (an argument NumPy refuses) is "value", as are LinAlgErrors that are not
    about shapes or singularity ("SVD did not converge", "... on empty arrays")."""
    if isinstance(e, TypeError):
        return "value"
    if isinstance(e, np.linalg.LinAlgError):
        msg = str(e)
        if "square" in msg or "dimensional" in msg:
            return "shape"
        if "converge" in msg or "empty" in msg:
            return "value"
        return "singular"
    if isinstance(e, np.AxisError):
        return "axis"
    if isinstance(e, IndexError):
        return "shape" if "shape mismatch" in str(e) else "index"
    if isinstance(e, ValueError):
        msg = str(e)
        if "negative" in msg or "zero-size" in msg:
            return "value"
        if any(w in msg for w in ("broadcast", "shape", "dimension", "size", "mismatch")):
            return "shape"
        return "value"
    raise e


def ufunc_kind(e):
    """The plainer mapping of the element-wise scripts: TypeError (a ufunc not supported
    for the input types) is "value", a ValueError "shape" when it speaks of shapes."""
    if isinstance(e, TypeError):
        return "value"
    if isinstance(e, ValueError):
        msg = str(e)
        return "shape" if ("broadcast" in msg or "shape" in msg) else "value"
    raise e


def declared_kind(cid, e, error, auto, declared):
    """Kinds for scripts where each failing case names its kind: an exception of a class
    in auto ((class, kind) pairs, in order) has that kind; one in declared takes the
    case's error, which must be given; anything else is re-raised."""
    for cls, kind in auto:
        if isinstance(e, cls):
            return kind
    if isinstance(e, declared):
        if error is None:
            raise SystemExit(f"{cid}: NumPy raised {e!r} but the case names no kind")
        return error
    raise e


class Gen:
    dtype = "float32"  # arr()'s default dtype
    uint8_full_range = False  # arr() draws uint8 from [0, 256) whatever low and high
    classify = staticmethod(numpy_kind)  # exception -> kind, see kind()
    tol_from_outputs = False  # a float32 answer makes the case float32 too

    def __init__(self, seed, prefix):
        self.rng = np.random.default_rng(seed)
        self.prefix = prefix
        self.cases = []
        self.n = 0

    def arr(self, shape, dtype=None, low=-3.0, high=3.0, special=False, nans=0):
        """Random data; special puts nan, inf, -inf first, nans NaNs at random places."""
        dtype = dtype or self.dtype
        if dtype == "bool":
            return self.rng.random(shape) < 0.5
        if dtype.startswith("float"):
            a = self.rng.uniform(low, high, size=shape).astype(dtype)
            if special and a.size >= 4:
                flat = a.reshape(-1)
                flat[0], flat[1], flat[2] = np.nan, np.inf, -np.inf
            if nans and a.size:
                flat = a.reshape(-1)
                for k in self.rng.choice(a.size, size=min(nans, a.size), replace=False):
                    flat[k] = np.nan
            return a
        lo, hi = int(max(low, -100)), int(min(high, 100))
        if dtype == "uint8":
            lo, hi = (0, 256) if self.uint8_full_range else (max(lo, 0), min(max(hi, 1), 256))
        return self.rng.integers(lo, hi, size=shape).astype(dtype)

    def enc(self, a):
        return enc(a)

    def run(self, fn):
        with np.errstate(all="ignore"):
            return fn()

    def answer(self, fn):
        out = self.run(fn)
        if isinstance(out, (tuple, list)):
            return [self.enc(o) for o in out]
        return self.enc(out)

    def kind(self, cid, op, e, error):
        """The error kind of a case whose fn raised e: classify's, or the case's error
        where it names one."""
        kind = self.classify(e)
        return error if error is not None else kind

    def tol(self, op, inputs, expect):
        dts = [str(np.asarray(x).dtype) for x in inputs] or ["float64"]
        f32 = "float32" in dts and "float64" not in dts
        if self.tol_from_outputs:
            outs = [e["dtype"] for e in (expect if isinstance(expect, list) else [expect]) if e]
            f32 = f32 or "float32" in outs
        return TOL["float32" if f32 else "float64"]

    def case(self, op, inputs, params, fn, rtol=None, atol=None, tag="", error=None):
        """Records NumPy's answer fn() on inputs (fn must not modify them: they are
        encoded after it runs); error, if set, is the kind expected where NumPy raises."""
        self.n += 1
        cid = f"{self.prefix}{op}/{tag or self.n}"
        err = None
        expect = None
        try:
            expect = self.answer(fn)
        except Exception as e:  # noqa: BLE001 - kind() re-raises what it does not map
            err = self.kind(cid, op, e, error)
        if error is not None and err is None:
            raise SystemExit(f"{cid}: NumPy raised nothing, want {error}")
        r, a = self.tol(op, inputs, expect)
        self.cases.append({
            "id": cid, "op": op, "inputs": [self.enc(x) for x in inputs], "params": params,
            "expect": expect, "error": err,
            "rtol": rtol if rtol is not None else r, "atol": atol if atol is not None else a})

    def write(self, separators=(",", ":")):
        """The cases as JSON lines on stdout, a count on stderr."""
        for c in self.cases:
            sys.stdout.write(json.dumps(c, separators=separators) + "\n")
        sys.stderr.write(f"{len(self.cases)} cases, numpy {np.__version__}\n")
