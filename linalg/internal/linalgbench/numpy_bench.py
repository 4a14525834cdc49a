"""NumPy's side of linalgbench: the same operations on matrices of the same kind.

    python3 numpy_bench.py [reps] [only]

prints, per operation, the minimum and median wall time of reps calls after one warm-up
call and the least process CPU time of one call.
"""
import sys
import time
import warnings

import numpy as np

warnings.simplefilter("ignore")  # det of this matrix overflows to inf, as intended
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 9
only = sys.argv[2] if len(sys.argv) > 2 else ""
n = 512
rng = np.random.default_rng(1)
a = rng.uniform(-1, 1, (n, n)) + n * np.eye(n)
s = np.tril(a) + np.tril(a, -1).T
b = np.ones(n)

ops = [
    ("det", lambda: np.linalg.det(a)),
    ("inv", lambda: np.linalg.inv(a)),
    ("solve", lambda: np.linalg.solve(a, b)),
    ("eigh", lambda: np.linalg.eigh(s)),
    ("eigvalsh", lambda: np.linalg.eigvalsh(s)),
]
for name, f in ops:
    if only and name != only:
        continue
    f()
    wall, cpu = [], []
    for _ in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        f()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    wall.sort()
    cpu.sort()
    print(f"numpy    {name:9s} min {wall[0]*1e3:8.2f} ms  median {wall[len(wall)//2]*1e3:8.2f} ms  cpu min {cpu[0]*1e3:8.2f} ms")
