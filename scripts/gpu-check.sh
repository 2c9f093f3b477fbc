#!/usr/bin/env bash
# GPU checks in one call (docs/gpu-check.md). On a machine with an NVIDIA GPU and PyTorch but no .NET:
#   scripts/gpu-check.sh [--out FILE]        uses the self-contained publish made beforehand with --publish
# Here (with the .NET SDK):
#   scripts/gpu-check.sh --publish           dotnet publish of lineage-bench, linux-x64, self-contained, CUDA bindings,
#                                            packed as artifacts/gpu-check.tar.xz
#   scripts/gpu-check.sh --smoke [--out F]   tiny sizes on the CPU; the PyTorch reference is skipped, with a note,
#                                            when `python3 -c "import torch"` fails
# One JSON of results is written (default gpu-check.json); the full run is sized to finish within 8 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=gpu
OUT=gpu-check.json
PUBLISH_DIR=${LINEAGE_GPU_PUBLISH:-$ROOT/artifacts/gpu-check}
ARCHIVE=$ROOT/artifacts/gpu-check.tar.xz
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke ;;
    --publish) MODE=publish ;;
    --out) OUT=$2; shift ;;
    *) EXTRA+=("$1") ;;
  esac
  shift
done
case "$OUT" in /*) ;; *) OUT=$ROOT/$OUT ;; esac

if [ "$MODE" = publish ]; then
  rm -rf "$PUBLISH_DIR"
  dotnet publish tools/Lineage.Bench/Lineage.Bench.csproj -c Release -r linux-x64 --self-contained \
    -p:LineageTorch=cuda -o "$PUBLISH_DIR" -v q -nologo
  tar -C "$(dirname "$PUBLISH_DIR")" -cJf "$ARCHIVE" "$(basename "$PUBLISH_DIR")"
  echo "published $PUBLISH_DIR and $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))"
  exit 0
fi

FIXTURES=(--fixture "$ROOT/fixtures/hf-golden/tiny-qwen2" --fixture "$ROOT/fixtures/hf-golden/tiny-llama")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
REFERENCE=$WORK/reference.json

# The PyTorch reference runs first, in the same run and on the same device, when torch can be imported.
NOTE=""
if python3 -c "import torch" >/dev/null 2>&1; then
  TORCH_OK=1
else
  TORCH_OK=0
  NOTE="PyTorch reference skipped: python3 -c \"import torch\" failed on this machine"
fi

if [ "$MODE" = smoke ]; then
  # The bench as built by `dotnet build Lineage.sln -c Release` when it is there; LINEAGE_SMOKE_BUILD=1 builds it first.
  BUILT=tools/Lineage.Bench/bin/Release/net10.0/lineage-bench.dll
  if [ -f "$BUILT" ] && [ -z "${LINEAGE_SMOKE_BUILD:-}" ]; then BENCH=(dotnet "$BUILT");
  else BENCH=(dotnet run --project tools/Lineage.Bench/Lineage.Bench.csproj -c Release --); fi
  if [ "$TORCH_OK" = 1 ]; then
    python3 scripts/gpu-check-reference.py --device cpu --shape tiny --dtype float32 --tokens 64 --exact-examples 4 --dimension 256 \
      --kmeans-rows 2000 --kmeans-dimension 64 --kmeans-k 200 --kmeans-chunk 512 --gvendi-rows 2000 --gvendi-dimension 64 --out "$REFERENCE"
  fi
  ARGS=(gpu-check --smoke "${FIXTURES[@]}" --out "$OUT")
else
  if [ ! -x "$PUBLISH_DIR/lineage-bench" ]; then
    if [ -f "$ARCHIVE" ]; then tar -C "$(dirname "$PUBLISH_DIR")" -xJf "$ARCHIVE"; else
      echo "no publish at $PUBLISH_DIR or $ARCHIVE: run scripts/gpu-check.sh --publish on a machine with .NET first" >&2; exit 2; fi
  fi
  if [ "$TORCH_OK" != 1 ]; then echo "$NOTE; the GPU check needs PyTorch's CUDA libtorch" >&2; exit 2; fi
  TORCH_LIB=$(python3 -c "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))")
  export LD_LIBRARY_PATH="$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LINEAGE_LIBTORCH_CUDA="$TORCH_LIB/libtorch_cuda.so"
  BENCH=("$PUBLISH_DIR/lineage-bench")
  timeout 200 python3 scripts/gpu-check-reference.py --device cuda --out "$REFERENCE" || NOTE="PyTorch reference failed or ran past 200 s"
  ARGS=(gpu-check --device cuda "${FIXTURES[@]}" --out "$OUT")
fi

if [ -f "$REFERENCE" ]; then ARGS+=(--reference "$REFERENCE"); else ARGS+=(--reference-note "$NOTE"); fi
[ -n "$NOTE" ] && echo "note: $NOTE"
timeout 280 "${BENCH[@]}" "${ARGS[@]}" "${EXTRA[@]}"
echo "results: $OUT"
