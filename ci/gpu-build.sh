#!/usr/bin/env bash
# ci/gpu-build.sh: builds, on a machine with Go, everything the GPU machine runs (it has the
# NVIDIA driver but no Go): the test binaries of the CUDA backend, tensor and the
# conformance harness and gpubench (and the conformance CLI with GPU_BUILD_CLI=1), with
# CGO_ENABLED=0 (the driver is
# bound at run time with purego; no CUDA toolkit is needed). Output: gpu-bin/ (gitignored),
# which travels with the working tree; then run ci/gpu-run.sh on the GPU machine.
#
#   ci/gpu-build.sh            # GOARCH defaults to amd64 (the GPU machine's)
set -euo pipefail
cd "$(dirname "$0")/.."

out=gpu-bin
rm -rf "$out"
mkdir -p "$out"
export CGO_ENABLED=0 GOOS=linux GOARCH="${GOARCH:-amd64}"
# -s -w: no symbol tables, so that the binaries fit the 64 MiB the working tree carries.
ld="-s -w"

build_test() { # build_test NAME PKG
	if [ -d "$2" ]; then
		echo "go test -c $2 -> $out/$1.test"
		go test -c -ldflags="$ld" -o "$out/$1.test" "./$2"
	fi
}
build_test cuda device/cuda
build_test tensor tensor
build_test conformance internal/conformance
if [ -d cmd/gpubench ]; then
	echo "go build cmd/gpubench -> $out/gpubench"
	go build -ldflags="$ld" -o "$out/gpubench" ./cmd/gpubench
fi
# The conformance CLI repeats the conformance test's cases as a per-op table; it costs
# another binary of the 64 MiB, so it is built on request (GPU_BUILD_CLI=1).
if [ -d ci/conformance ] && [ "${GPU_BUILD_CLI:-0}" = 1 ]; then
	echo "go build ci/conformance -> $out/conformance"
	go build -ldflags="$ld" -o "$out/conformance" ./ci/conformance
fi
{
	echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "go: $(go version)"
	echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (modified)')"
	echo "GOARCH: $GOARCH"
} >"$out/BUILD-INFO"
du -sh "$out"/* | sed 's/^/  /'
echo "gpu-build: $(du -sh "$out" | cut -f1) in $out/; on the GPU machine run: ci/gpu-run.sh"
