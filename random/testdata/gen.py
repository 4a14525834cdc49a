#!/usr/bin/python3
"""Reference streams of NumPy's random generators for gotensor's random package.

For every stream below and every seed in SEEDS it draws 10^6 values (about; see each
stream; 10^5 for the distributions) with NumPy and records the SHA-256 of the result's little-endian bytes and its
first 1000 values in streams.json.gz (gzip: 0.6 MB instead of 1.4); random/streams_test.go redraws them in Go and compares
bit for bit. Run with Debian 12's NumPy 1.24 (apt-get install python3-numpy):

    /usr/bin/python3 random/testdata/gen.py

Stream names are "<generator>.<name>", generator "rs" (np.random.RandomState(seed),
what np.random.seed drives) or "rng" (np.random.default_rng(seed)). An array seed
seeds RandomState through init_by_array and default_rng through SeedSequence.
"""
import gzip
import hashlib
import json
import os

import numpy as np

N = 1_000_000
FIRST = 1000
SEEDS = {"0": 0, "42": 42, "4294967295": 2**32 - 1, "array": [12345, 67890, 2**32 - 1]}
P5 = [0.1, 0.2, 0.3, 0.25, 0.15]
P100 = np.arange(1, 101) / 5050.0


def sequence(r):
    """Interleaved calls on one stream: the cached second normal must carry over."""
    out = []
    for _ in range(N // 8):
        out += [r.randn(3), r.rand(2), r.randn(1), r.randn(2)]
    return np.concatenate(out)


def repeat(n, f):
    return np.concatenate([f() for _ in range(n)])


RS = {
    "rand": lambda r: r.random_sample(N),
    "randn": lambda r: r.standard_normal(N),
    "normal": lambda r: r.normal(5.0, 2.0, N),
    "uniform": lambda r: r.uniform(-1.0, 3.0, N),
    "randint_small": lambda r: r.randint(0, 10, N),
    "randint_wide": lambda r: r.randint(-5, 1000003, N),
    "randint_64": lambda r: r.randint(-2**62, 2**62, N),
    "randint_int32": lambda r: r.randint(-1000, 1000, N, dtype=np.int32),
    "randint_uint8": lambda r: r.randint(0, 200, N, dtype=np.uint8),
    "randint_bool": lambda r: r.randint(0, 2, N, dtype=bool),
    "permutation": lambda r: r.permutation(N),
    "choice": lambda r: r.choice(1000, N),
    "choice_p": lambda r: r.choice(5, N, p=P5),
    "choice_noreplace": lambda r: r.choice(N, N // 10, replace=False),
    "choice_noreplace_p": lambda r: repeat(200, lambda: r.choice(100, 50, replace=False, p=P100)),
    "sequence": sequence,
}

RNG = {
    "random": lambda g: g.random(N),
    "random_f32": lambda g: g.random(N, dtype=np.float32),
    "standard_normal": lambda g: g.standard_normal(N),
    "normal": lambda g: g.normal(5.0, 2.0, N),
    "uniform": lambda g: g.uniform(-1.0, 3.0, N),
    "integers_small": lambda g: g.integers(0, 10, N),
    "integers_wide": lambda g: g.integers(-5, 1000003, N),
    "integers_64": lambda g: g.integers(-2**62, 2**62, N),
    "integers_int32": lambda g: g.integers(-1000, 1000, N, dtype=np.int32),
    "integers_uint8": lambda g: g.integers(0, 200, N, dtype=np.uint8),
    "integers_bool": lambda g: g.integers(0, 2, N, dtype=bool),
    "permutation": lambda g: g.permutation(N),
    "choice": lambda g: g.choice(1000, N),
    "choice_p": lambda g: g.choice(5, N, p=P5),
    "choice_noreplace": lambda g: g.choice(N, N // 10, replace=False),
    "choice_floyd": lambda g: repeat(1000, lambda: g.choice(100_000, 1000, replace=False)),
    "choice_noreplace_p": lambda g: repeat(200, lambda: g.choice(100, 50, replace=False, p=P100)),
}

# Distributions: 10^5 draws per stream (first 100 values kept), both generators.
ND = 100_000
FIRST_DIST = 100
DISTS = {
    "standard_exponential": lambda r: r.standard_exponential(ND),
    "exponential": lambda r: r.exponential(2.5, ND),
    "gamma_small": lambda r: r.gamma(0.5, 2.0, ND),
    "gamma_large": lambda r: r.gamma(3.0, 2.0, ND),
    "standard_gamma_1": lambda r: r.standard_gamma(1.0, ND),
    "beta_small": lambda r: r.beta(0.5, 0.7, ND),
    "beta_large": lambda r: r.beta(2.0, 3.0, ND),
    "chisquare": lambda r: r.chisquare(3.0, ND),
    "binomial_inv": lambda r: r.binomial(10, 0.3, ND),
    "binomial_btpe": lambda r: r.binomial(1000, 0.4, ND),
    "binomial_high": lambda r: r.binomial(1000, 0.9, ND),
    "poisson_small": lambda r: r.poisson(3.0, ND),
    "poisson_large": lambda r: r.poisson(50.0, ND),
    "geometric_search": lambda r: r.geometric(0.5, ND),
    "geometric_inv": lambda r: r.geometric(0.05, ND),
    "lognormal": lambda r: r.lognormal(0.5, 1.5, ND),
    "laplace": lambda r: r.laplace(1.0, 2.0, ND),
    "logistic": lambda r: r.logistic(1.0, 2.0, ND),
    "gumbel": lambda r: r.gumbel(1.0, 2.0, ND),
    "weibull": lambda r: r.weibull(1.5, ND),
    "pareto": lambda r: r.pareto(3.0, ND),
    "standard_t": lambda r: r.standard_t(5.0, ND),
    "multinomial": lambda r: r.multinomial(20, [0.2, 0.0, 0.5, 0.3], ND // 4),
    "dirichlet": lambda r: r.dirichlet([0.5, 2.0, 1.0], ND // 3),
}
RNG_DISTS = {"dirichlet_small": lambda g: g.dirichlet([0.05, 0.02, 0.08], ND // 3)}

DTYPES = {np.dtype(np.float64): "float64", np.dtype(np.float32): "float32",
          np.dtype(np.int64): "int64", np.dtype(np.int32): "int32",
          np.dtype(np.uint8): "uint8", np.dtype(bool): "bool"}


def record(a, first=FIRST):
    a = np.ascontiguousarray(a)
    dt = DTYPES[a.dtype]
    raw = a.astype(a.dtype.newbyteorder("<")).tobytes()
    first = a.ravel()[:first].tolist()
    if dt.startswith("float"):
        first = [repr(float(v)) for v in first]  # shortest round-trip form, exact
    return {"dtype": dt, "n": int(a.size), "sha256": hashlib.sha256(raw).hexdigest(), "first": first}


def main():
    out = {}
    for sname, seed in SEEDS.items():
        for name, f in RS.items():
            out[f"rs.{name}/{sname}"] = record(f(np.random.RandomState(seed)))
        for name, f in RNG.items():
            out[f"rng.{name}/{sname}"] = record(f(np.random.default_rng(seed)))
        for name, f in DISTS.items():
            out[f"rs.{name}/{sname}"] = record(f(np.random.RandomState(seed)), FIRST_DIST)
        for name, f in {**DISTS, **RNG_DISTS}.items():
            out[f"rng.{name}/{sname}"] = record(f(np.random.default_rng(seed)), FIRST_DIST)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "streams.json.gz")
    text = json.dumps({"numpy": np.__version__, "streams": out}, separators=(",", ":"), sort_keys=True)
    with open(path, "wb") as fh:  # mtime=0: the same streams give the same bytes
        fh.write(gzip.compress(text.encode() + b"\n", compresslevel=9, mtime=0))


if __name__ == "__main__":
    main()
