#!/usr/bin/env bash
# Builds the artifacts the tests deploy in place of downloaded releases: real btcd and lnd, built
# from source with the Go module proxy, packed like the official release tarballs, into a preseed
# folder, with the overrides the tests put in a datacenter spec's `artifacts` field.
#
#   ~/.cache/bcm/go-bin/{btcd,btcctl,lnd,lncli}          built once (cached)
#   ~/.cache/bcm/artifacts-preseed/btcd-linux-amd64-v0.24.2-localbuild.tar.gz
#   ~/.cache/bcm/artifacts-preseed/lnd-linux-amd64-v0.18.5-beta-localbuild.tar.gz
#   ~/.cache/bcm/artifacts-preseed/overrides.json        {"btcd": {"version", "sha256"}, "lnd": {...}}
#
# The tarballs are reproducible (fixed mtime, owner and order): the same binaries give the same hash.
# Idempotent: a second run with everything in place only checks and returns in about a second.
set -euo pipefail

CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/bcm"
GO_BIN="$CACHE_DIR/go-bin"
PRESEED="${BCM_ARTIFACTS_PRESEED:-$CACHE_DIR/artifacts-preseed}"
BTCD_VERSION="v0.24.2"
LND_VERSION="v0.18.5-beta"
LND_TAGS="signrpc walletrpc chainrpc invoicesrpc"
# 2026-01-01T00:00:00Z: any fixed instant makes the tarball's bytes depend on the binaries alone.
FIXED_MTIME="@1767225600"

say() { printf '[artifacts] %s\n' "$*" >&2; }

need_go() {
  command -v go >/dev/null && return
  [ -x /usr/local/go/bin/go ] && { export PATH="/usr/local/go/bin:$PATH"; return; }
  say "Go is needed to build btcd and lnd for the tests: install Debian's golang-go (apt-get install golang-go)"
  exit 1
}

build_btcd() {
  [ -x "$GO_BIN/btcd" ] && [ -x "$GO_BIN/btcctl" ] && return
  need_go
  say "building btcd $BTCD_VERSION and btcctl with the Go module proxy"
  mkdir -p "$GO_BIN"
  GOBIN="$GO_BIN" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/btcsuite/btcd@$BTCD_VERSION" "github.com/btcsuite/btcd/cmd/btcctl@$BTCD_VERSION"
}

build_lnd() {
  [ -x "$GO_BIN/lnd" ] && [ -x "$GO_BIN/lncli" ] && return
  need_go
  say "building lnd $LND_VERSION and lncli from the module source (it has replace directives)"
  mkdir -p "$GO_BIN"
  local dir work
  dir="$(go mod download -json "github.com/lightningnetwork/lnd@$LND_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir" ] || { say "go mod download gave no source folder for lnd $LND_VERSION"; exit 1; }
  work="$(mktemp -d)"
  cp -r "$dir" "$work/lnd"
  chmod -R u+w "$work/lnd"
  # The module zip leaves out lnd's nested modules (kvdb, sqldb) that go.mod replaces with ./kvdb
  # and ./sqldb: build against their tagged releases from the module proxy instead.
  (cd "$work/lnd" && go mod edit -dropreplace=github.com/lightningnetwork/lnd/kvdb -dropreplace=github.com/lightningnetwork/lnd/sqldb \
    && GOFLAGS=-mod=mod go mod download github.com/lightningnetwork/lnd/kvdb github.com/lightningnetwork/lnd/sqldb)
  (cd "$work/lnd" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -tags "$LND_TAGS" \
    -ldflags "-s -w -X github.com/lightningnetwork/lnd/build.Commit=$LND_VERSION" \
    -o "$work/out/" ./cmd/lnd ./cmd/lncli)
  install -m 0755 "$work/out/lnd" "$work/out/lncli" "$GO_BIN/"
  rm -rf "$work"
}

# pack NAME TOPDIR FILE... → prints the tarball path. Layout: TOPDIR/<file> as in the releases.
pack() {
  local out="$1" top="$2"; shift 2
  local stage
  stage="$(mktemp -d)"
  mkdir -p "$stage/$top"
  for f in "$@"; do install -m 0755 "$GO_BIN/$f" "$stage/$top/$f"; done
  tar -C "$stage" --sort=name --mtime="$FIXED_MTIME" --owner=0 --group=0 --numeric-owner \
    --format=gnu -cf - "$top" | gzip -9n >"$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$stage"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

main() {
  build_btcd
  build_lnd
  mkdir -p "$PRESEED"
  local btcd_v="${BTCD_VERSION#v}-localbuild" lnd_v="${LND_VERSION#v}-localbuild"
  local btcd_tgz="$PRESEED/btcd-linux-amd64-v$btcd_v.tar.gz" lnd_tgz="$PRESEED/lnd-linux-amd64-v$lnd_v.tar.gz"
  # Repack only when a binary is newer than its tarball.
  if [ ! -s "$btcd_tgz" ] || [ "$GO_BIN/btcd" -nt "$btcd_tgz" ] || [ "$GO_BIN/btcctl" -nt "$btcd_tgz" ]; then
    pack "$btcd_tgz" "btcd-linux-amd64-v$btcd_v" btcd btcctl
  fi
  if [ ! -s "$lnd_tgz" ] || [ "$GO_BIN/lnd" -nt "$lnd_tgz" ] || [ "$GO_BIN/lncli" -nt "$lnd_tgz" ]; then
    pack "$lnd_tgz" "lnd-linux-amd64-v$lnd_v" lnd lncli
  fi
  cat >"$PRESEED/overrides.json.tmp" <<EOF
{
  "btcd": { "version": "$btcd_v", "sha256": "$(sha "$btcd_tgz")" },
  "lnd": { "version": "$lnd_v", "sha256": "$(sha "$lnd_tgz")" }
}
EOF
  mv "$PRESEED/overrides.json.tmp" "$PRESEED/overrides.json"
  say "ready: $PRESEED (btcd $btcd_v, lnd $lnd_v)"
}

main "$@"
