#!/usr/bin/env bash
# ci/gpu-run.sh: runs, on the GPU machine (NVIDIA driver, no Go), the binaries that
# ci/gpu-build.sh put in gpu-bin/, and writes one log per step to a folder: $OUT when set
# (the device runner's output folder), else gpu-bin/logs/ (gitignored). Every step runs
# even if an earlier one failed; the exit status is non-zero if any failed. Steps:
#
#   nvidia-smi       the GPU, driver and CUDA version
#   cuda             device/cuda's tests on the GPU (kernels against the CPU reference,
#                    allocator, transfers, NumPy conformance through tensor) -test.v
#   conformance      internal/conformance's test: the NumPy cases on the CPU and CUDA:0
#   conformance-cli  ci/conformance -device cuda: per-op table of the NumPy cases (when
#                    built: GPU_BUILD_CLI=1 ci/gpu-build.sh)
#   tensor           tensor's tests
#   bench            device/cuda's benchmarks: ceilings (FMA peak, copy GB/s), add, exp,
#                    sum, sgemm, launch overhead, pageable vs pinned upload
#   gpubench         gpubench -device cuda, when built
#
#   ci/gpu-run.sh [STEP...]     # default: all steps
set -uo pipefail
cd "$(dirname "$0")/.."

bin=$PWD/gpu-bin
if [ ! -f "$bin/BUILD-INFO" ]; then
	echo "gpu-run: $bin not built: run ci/gpu-build.sh on a machine with Go first" >&2
	exit 2
fi
logs=${OUT:-$bin/logs}
mkdir -p "$logs"
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(nvidia-smi cuda conformance conformance-cli tensor bench gpubench)
failed=()

run() { # run NAME DIR CMD...: run CMD in DIR, log to $logs/NAME.log
	local name=$1 dir=$2
	shift 2
	local start=$SECONDS
	echo "=== gpu-run: $name: $*"
	(cd "$dir" && "$@") >"$logs/$name.log" 2>&1
	local rc=$?
	echo "=== gpu-run: $name: exit $rc ($((SECONDS - start))s), log $logs/$name.log"
	grep -E '^(--- FAIL|FAIL|ok|PASS|panic)|passed, .* failed' "$logs/$name.log" | tail -n 15
	[ $rc -eq 0 ] || failed+=("$name")
}
have() { [ -x "$bin/$1" ]; }

cat "$bin/BUILD-INFO" >"$logs/build-info.txt" 2>/dev/null
for s in "${steps[@]}"; do
	case $s in
	nvidia-smi) run nvidia-smi . nvidia-smi ;;
	cuda) have cuda.test && run cuda device/cuda "$bin/cuda.test" -test.v -test.timeout 20m ;;
	conformance) have conformance.test && run conformance internal/conformance "$bin/conformance.test" -test.v -test.timeout 20m ;;
	conformance-cli) have conformance && run conformance-cli . "$bin/conformance" -device cuda ;;
	tensor) have tensor.test && run tensor tensor "$bin/tensor.test" -test.timeout 20m ;;
	bench) have cuda.test && run bench device/cuda "$bin/cuda.test" -test.run '^$' -test.bench . -test.benchtime 2s -test.timeout 20m ;;
	gpubench) have gpubench && run gpubench . "$bin/gpubench" -device cuda ;;
	*) echo "gpu-run: unknown step $s" >&2 && failed+=("$s") ;;
	esac
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "gpu-run: FAILED: ${failed[*]} (logs in $logs)"
	exit 1
fi
echo "gpu-run: all steps passed (logs in $logs)"
