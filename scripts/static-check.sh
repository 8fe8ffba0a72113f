#!/usr/bin/env bash
# Builds the static Linux binary a release ships (x86_64-unknown-linux-musl)
# and proves it needs no libc: it runs inside proofbook's busybox base image
# (a static busybox and nothing else: no /lib, no libc, no loader) and checks
# the book it carries (`proofbook check` with no lessons folder at hand).
# Needs rustup's x86_64-unknown-linux-musl target, musl-tools and the engine.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-unknown-linux-musl
image=proofbook/base:busybox
cargo build --quiet --release --locked --target "$target"
bin="target/$target/release/proofbook"
ls -l "$bin"
# A dynamically linked ELF names its loader (PT_INTERP); a static one has none.
if readelf -l "$bin" | grep -q "program interpreter"; then
  echo "$bin asks for a program interpreter: it is not statically linked"; exit 1
fi

# The base image is what proofbook imports from the host's static busybox when a
# lesson needs it; the static binary makes it if the engine lacks it.
if ! docker image inspect "$image" >/dev/null 2>&1; then
  PROOFBOOK_OFFLINE=1 timeout 300 "$bin" doctor >/dev/null || true
fi
docker image inspect "$image" >/dev/null

# The image has no libc to lean on: a dynamically linked binary cannot start there.
[ -z "$(docker run --rm --network none "$image" sh -c 'ls /lib /lib64 /usr/lib 2>/dev/null')" ] \
  || { echo "$image holds libraries; it proves nothing"; exit 1; }
out=$(timeout 120 docker run --rm --network none -v "$PWD/$bin:/proofbook:ro" -w / "$image" /proofbook check 2>&1) \
  || { echo "$out"; echo "the static proofbook failed inside $image"; exit 1; }
echo "$out" | tail -n 3
echo "static $target binary: checked its built-in book inside $image (no libc there)"
