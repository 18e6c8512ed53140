#!/usr/bin/env bash
# Builds the artifacts the tests deploy in place of downloaded releases: real btcd and lnd, built
# from source with the Go module proxy, packed like the official release tarballs, into a preseed
# folder, with the overrides the tests put in a datacenter spec's `artifacts` field. Two versions of
# each (issue 12: upgrades), and a deliberately broken lnd (for the failed-upgrade → rollback test).
#
#   ~/.cache/bcm/go-bin/<tag>/{btcd,btcctl} and {lnd,lncli}   built once per tag (cached)
#   ~/.cache/bcm/artifacts-preseed/btcd-linux-amd64-v<version>-localbuild.tar.gz   (0.24.2, 0.24.0)
#   ~/.cache/bcm/artifacts-preseed/lnd-linux-amd64-v<version>-localbuild.tar.gz    (0.18.5-beta, 0.18.4-beta)
#   ~/.cache/bcm/artifacts-preseed/lnd-linux-amd64-v0.18.5-beta-broken.tar.gz      `lnd` is a script that exits 1
#   ~/.cache/bcm/artifacts-preseed/overrides.json   {"btcd": {"version", "sha256"}, "lnd": {...}}: the newest builds
#   ~/.cache/bcm/artifacts-preseed/versions.json    {"btcd": [{"version", "sha256"}, ...], "lnd": [...]}: every
#                                                   build, newest first; the broken one has "broken": true
#
# overrides.json keeps its shape (one entry per artifact) because every reader takes it as such;
# the other versions live beside it in versions.json. Entries other scripts add to overrides.json
# (Kafka's) are kept.
#
# The tarballs are reproducible (fixed mtime, owner and order): the same binaries give the same hash.
# Idempotent: a second run with everything in place only checks and returns in about a second.
set -euo pipefail

CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/bcm"
GO_BIN="$CACHE_DIR/go-bin"
PRESEED="${BCM_ARTIFACTS_PRESEED:-$CACHE_DIR/artifacts-preseed}"
# Newest first: the first is the default (overrides.json). Older tags the proxy builds here:
# `curl -s https://proxy.golang.org/github.com/lightningnetwork/lnd/@v/v0.18.4-beta.info`.
BTCD_VERSIONS=(v0.24.2 v0.24.0)
LND_VERSIONS=(v0.18.5-beta v0.18.4-beta)
LND_TAGS="signrpc walletrpc chainrpc invoicesrpc"
BROKEN_LND_VERSION="0.18.5-beta-broken"
# 2026-01-01T00:00:00Z: any fixed instant makes the tarball's bytes depend on the binaries alone.
FIXED_MTIME="@1767225600"

say() { printf '[artifacts] %s\n' "$*" >&2; }

need_go() {
  command -v go >/dev/null && return
  [ -x /usr/local/go/bin/go ] && { export PATH="/usr/local/go/bin:$PATH"; return; }
  say "Go is needed to build btcd and lnd for the tests: install Debian's golang-go (apt-get install golang-go)"
  exit 1
}

# have TAG FILE... → true when go-bin/TAG holds every FILE. Binaries from before the per-tag
# folders (go-bin/<file>, always the first tag) are adopted by hard link, not rebuilt.
have() {
  local tag="$1"; shift
  local f missing=0
  for f in "$@"; do [ -x "$GO_BIN/$tag/$f" ] || missing=1; done
  [ "$missing" = 0 ] && return 0
  if [ "$tag" = "$BTCD_DEFAULT" ] || [ "$tag" = "$LND_DEFAULT" ]; then
    for f in "$@"; do [ -x "$GO_BIN/$f" ] || return 1; done
    mkdir -p "$GO_BIN/$tag"
    for f in "$@"; do ln -f "$GO_BIN/$f" "$GO_BIN/$tag/$f" 2>/dev/null || cp -p "$GO_BIN/$f" "$GO_BIN/$tag/$f"; done
    return 0
  fi
  return 1
}

build_btcd() {
  local tag="$1"
  have "$tag" btcd btcctl && return
  need_go
  say "building btcd $tag and btcctl with the Go module proxy"
  mkdir -p "$GO_BIN/$tag"
  GOBIN="$GO_BIN/$tag" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/btcsuite/btcd@$tag" "github.com/btcsuite/btcd/cmd/btcctl@$tag"
}

build_lnd() {
  local tag="$1"
  have "$tag" lnd lncli && return
  need_go
  say "building lnd $tag and lncli from the module source (it has replace directives); minutes on 2 cores"
  local dir work
  dir="$(go mod download -json "github.com/lightningnetwork/lnd@$tag" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir" ] || { say "go mod download gave no source folder for lnd $tag"; exit 1; }
  work="$(mktemp -d)"
  cp -r "$dir" "$work/lnd"
  chmod -R u+w "$work/lnd"
  # The module zip leaves out lnd's nested modules (kvdb, sqldb) that go.mod replaces with ./kvdb
  # and ./sqldb: build against their tagged releases from the module proxy instead.
  (cd "$work/lnd" && go mod edit -dropreplace=github.com/lightningnetwork/lnd/kvdb -dropreplace=github.com/lightningnetwork/lnd/sqldb \
    && GOFLAGS=-mod=mod go mod download github.com/lightningnetwork/lnd/kvdb github.com/lightningnetwork/lnd/sqldb)
  (cd "$work/lnd" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -tags "$LND_TAGS" \
    -ldflags "-s -w -X github.com/lightningnetwork/lnd/build.Commit=$tag" \
    -o "$work/out/" ./cmd/lnd ./cmd/lncli)
  mkdir -p "$GO_BIN/$tag"
  install -m 0755 "$work/out/lnd" "$work/out/lncli" "$GO_BIN/$tag/"
  rm -rf "$work"
}

# pack OUT TOPDIR SRCDIR FILE... Layout: TOPDIR/<file> as in the releases.
pack() {
  local out="$1" top="$2" src="$3"; shift 3
  local stage
  stage="$(mktemp -d)"
  mkdir -p "$stage/$top"
  for f in "$@"; do install -m 0755 "$src/$f" "$stage/$top/$f"; done
  tar -C "$stage" --sort=name --mtime="$FIXED_MTIME" --owner=0 --group=0 --numeric-owner \
    --format=gnu -cf - "$top" | gzip -9n >"$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$stage"
}

# pack_if_newer OUT TOPDIR SRCDIR FILE...: repack only when a file is newer than its tarball.
pack_if_newer() {
  local out="$1" src="$3" f
  local stale=0
  [ -s "$out" ] || stale=1
  for f in "${@:4}"; do [ "$src/$f" -nt "$out" ] && stale=1; done
  [ "$stale" = 0 ] || pack "$@"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# The broken lnd: release layout, a real lncli, and an `lnd` that fails at once (as a build that
# cannot start would). Its own hash, so a spec can pin it like any other version.
broken_lnd() {
  local src="$GO_BIN/broken-lnd"
  mkdir -p "$src"
  if [ ! -x "$src/lnd" ]; then
    printf '#!/bin/sh\necho "lnd: deliberately broken test build (BCM scripts/build-test-artifacts.sh): exiting 1" >&2\nexit 1\n' >"$src/lnd.tmp"
    chmod 0755 "$src/lnd.tmp"
    touch -d "${FIXED_MTIME}" "$src/lnd.tmp"
    mv "$src/lnd.tmp" "$src/lnd"
  fi
  ln -f "$GO_BIN/$LND_DEFAULT/lncli" "$src/lncli" 2>/dev/null || cp -p "$GO_BIN/$LND_DEFAULT/lncli" "$src/lncli"
  local tgz="$PRESEED/lnd-linux-amd64-v$BROKEN_LND_VERSION.tar.gz"
  pack_if_newer "$tgz" "lnd-linux-amd64-v$BROKEN_LND_VERSION" "$src" lnd lncli
  printf '%s' "$tgz"
}

# pack_builds NAME "BIN..." TAG... → packs each tag's build, prints its versions.json entries.
pack_builds() {
  local name="$1" bins="$2"; shift 2
  local list="" tag v tgz
  for tag in "$@"; do
    v="${tag#v}-localbuild"
    tgz="$PRESEED/$name-linux-amd64-v$v.tar.gz"
    # shellcheck disable=SC2086 # the binaries' names, one word each
    pack_if_newer "$tgz" "$name-linux-amd64-v$v" "$GO_BIN/$tag" $bins
    list+="${list:+,}{\"version\":\"$v\",\"sha256\":\"$(sha "$tgz")\"}"
  done
  printf '%s' "$list"
}

# Writes overrides.json (btcd and lnd set to the newest builds, other entries kept) and versions.json.
write_indexes() {
  node -e '
    const fs = require("fs");
    const [dir, json] = process.argv.slice(1);
    const versions = JSON.parse(json);
    const write = (name, value) => {
      fs.writeFileSync(`${dir}/${name}.tmp`, JSON.stringify(value, null, 2) + "\n");
      fs.renameSync(`${dir}/${name}.tmp`, `${dir}/${name}`);
    };
    let all = {};
    try { all = JSON.parse(fs.readFileSync(`${dir}/overrides.json`, "utf8")); } catch {}
    for (const [name, list] of Object.entries(versions)) all[name] = { version: list[0].version, sha256: list[0].sha256 };
    write("overrides.json", all);
    write("versions.json", versions);
  ' "$PRESEED" "$1"
}

main() {
  BTCD_DEFAULT="${BTCD_VERSIONS[0]}"
  LND_DEFAULT="${LND_VERSIONS[0]}"
  local tag
  for tag in "${BTCD_VERSIONS[@]}"; do build_btcd "$tag"; done
  for tag in "${LND_VERSIONS[@]}"; do build_lnd "$tag"; done
  mkdir -p "$PRESEED"
  local btcd_list lnd_list tgz
  btcd_list="$(pack_builds btcd "btcd btcctl" "${BTCD_VERSIONS[@]}")"
  lnd_list="$(pack_builds lnd "lnd lncli" "${LND_VERSIONS[@]}")"
  tgz="$(broken_lnd)"
  lnd_list+=",{\"version\":\"$BROKEN_LND_VERSION\",\"sha256\":\"$(sha "$tgz")\",\"broken\":true}"
  write_indexes "{\"btcd\":[$btcd_list],\"lnd\":[$lnd_list]}"
  say "ready: $PRESEED (btcd ${BTCD_VERSIONS[*]}, lnd ${LND_VERSIONS[*]}, broken lnd $BROKEN_LND_VERSION)"
}

main "$@"
