#!/usr/bin/python3
"""gen_erf.py writes erf.txt: x, math.erf(x) and math.erfc(x) as exact hex floats, one
line each, from Debian's Python (/usr/bin/python3, glibc's erf and erfc), for the tests of
device.Erf and device.Erfc (cpu/erf_test.go, device/cuda/erf_test.go).

Run from this folder: /usr/bin/python3 gen_erf.py > erf.txt

The values cover the special cases (±0, ±inf, nan), tiny and subnormal arguments, huge
ones, both sides of every break point of the fdlibm algorithm (2**-28, 0.84375, 1.25,
1/0.35, 6, 28), erfc's underflow near 26.5 to 27.3, and random arguments in [-7, 7] and
[-30, 30] (fixed seed); about half are float32 values, so the float32 kernels are checked
against erf of the same argument.
"""
import math
import random
import struct


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def main():
    rng = random.Random(20240611)
    xs = [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, -5e-324, 2.2250738585072014e-308,
          2.848094538889218e-306, 1e-300, -1e-300, 1e-20, 2.0**-28, -(2.0**-28), 2.0**-56,
          1e-10, 1e-5, 0.1, 0.25, 0.5, -0.5, 0.6174, 1.0, -1.0, 2.0, 3.0, -3.0, 4.0, 5.0,
          5.9, 6.0, -6.0, 6.5, 8.0, 10.0, -10.0, 26.0, 26.5, 27.0, 27.2, 27.3, -27.3, 28.0,
          30.0, 100.0, 1e10, 1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308]
    for b in [2.0**-28, 0.25, 0.84375, 1.25, 1 / 0.35, 6.0, 28.0]:
        for s in [1, -1]:
            for k in [-2, -1, 0, 1, 2]:
                x = s * b
                for _ in range(abs(k)):
                    x = math.nextafter(x, math.inf if k > 0 else -math.inf)
                xs.append(x)
    for e in range(-320, 310, 7):
        xs.append(10.0**e)
    for _ in range(200):
        xs.append(rng.uniform(-7, 7))
        xs.append(f32(rng.uniform(-7, 7)))
    for _ in range(50):
        xs.append(rng.uniform(-30, 30))
        xs.append(f32(rng.uniform(-30, 30)))
        xs.append(f32(rng.uniform(26, 27.3)))
    for x in xs:
        x = float(x)
        print(x.hex(), math.erf(x).hex(), math.erfc(x).hex())


if __name__ == "__main__":
    main()
