#!/usr/bin/env bash
# Regenerates checkpoint-small.tar.zst (committed, so CI needs no zstd encoder).
# Made once with GNU tar 1.35 and zstd 1.5 (`zstd -19`); any zstd encoder gives an equivalent file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/checkpoint"
printf '{"id":"fixture","rootfsImageName":"docker.io/library/busybox:latest"}\n' > "$work/config.dump"
# 200 KiB of a repeating pattern: compressible, and larger than one zstd block (128 KiB).
for i in $(seq 0 2047); do printf '%099d\n' "$i"; done | head -c 204800 > "$work/checkpoint/pages-1.img"
printf 'inventory' > "$work/checkpoint/inventory.img"
tar -C "$work" --format=gnu --owner=0 --group=0 --numeric-owner --mtime=@1700000000 --sort=name \
  -cf "$work/fixture.tar" config.dump checkpoint
zstd -q -19 -f "$work/fixture.tar" -o "$here/checkpoint-small.tar.zst"
