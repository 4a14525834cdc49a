#!/bin/sh
# gen.sh compiles the CUDA C sources to the committed PTX: `go generate ./kernels`, or
# `sh kernels/gen.sh OUTDIR` to write elsewhere (ci/gpu-check-ptx.sh diffs the two).
#
# Debian's clang-16 needs neither a GPU nor the CUDA toolkit. Flags:
#   --cuda-gpu-arch=sm_80             PTX for compute capability 8.0 (A100, H100 JIT it up)
#   -nocudainc -nocudalib             no CUDA headers, no libdevice: cuda.cuh and math.cuh
#   -Xclang -target-feature +ptx70    PTX ISA 7.0 (CUDA 11.0 drivers), for shfl.sync
#   -ffp-contract=off                 no implicit multiply-add fusion: kernels round as the
#                                     source is written, like Go on amd64 and the CPU
#                                     reference; fma is explicit where wanted (matmul, math)
#   -O3 -S                            optimised PTX text
# binary.cu, unary.cu and reduce.cu are compiled once per dtype (-DKDT_<dt>=1) into
# FAMILY_DT.ptx, so that loading a module JIT-compiles only the kernels of one dtype.
set -eu
cd "$(dirname "$0")"
OUT=${1:-.}
CLANG=${CLANG:-clang-16}
if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "gen.sh: $CLANG not found (apt-get install clang-16)" >&2
	exit 1
fi
FLAGS="-std=c++17 -x cuda --cuda-device-only --cuda-gpu-arch=sm_80 -nocudainc -nocudalib -O3 -S
 -ffp-contract=off -Xclang -target-feature -Xclang +ptx70"
for f in binary unary reduce; do
	for dt in f32 f64 i32 i64 u8; do
		$CLANG $FLAGS -DKDT_$dt=1 "$f.cu" -o "$OUT/${f}_$dt.ptx"
	done
done
for f in bench copy index matmul scan scatter softmax sort; do
	$CLANG $FLAGS "$f.cu" -o "$OUT/$f.ptx"
done
