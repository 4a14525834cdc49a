#!/usr/bin/env bash
# ci/gpu-check-ptx.sh: regenerates the PTX of kernels/ from its CUDA C sources with clang-16
# (kernels/gen.sh, no GPU or CUDA toolkit needed) into a temporary folder and fails if it
# differs from the committed kernels/*.ptx. Fix a failure with `go generate ./kernels`.
#
# The PTX depends on the compiler's version: CI and developers use Debian's clang-16
# (apt-get install clang-16).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang-16 >/dev/null 2>&1; then
	echo "gpu-check-ptx: clang-16 not found (apt-get install clang-16)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh kernels/gen.sh "$tmp"

status=0
for f in "$tmp"/*.ptx; do
	b=$(basename "$f")
	if [ ! -f "kernels/$b" ]; then
		echo "kernels/$b is missing: run go generate ./kernels"
		status=1
	elif ! cmp -s "$f" "kernels/$b"; then
		echo "kernels/$b differs from what kernels/gen.sh writes (run go generate ./kernels):"
		diff "kernels/$b" "$f" | head -20
		status=1
	fi
done
for f in kernels/*.ptx; do
	b=$(basename "$f")
	if [ ! -f "$tmp/$b" ]; then
		echo "kernels/$b is not written by kernels/gen.sh: remove it"
		status=1
	fi
done
[ $status -eq 0 ] && echo "gpu-check-ptx: kernels/*.ptx match the sources ($(ls "$tmp" | wc -l) modules, $(clang-16 --version | head -1))"
exit $status
