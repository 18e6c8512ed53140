#!/usr/bin/env bash
# Builds the Kafka artifact the tests deploy in place of Apache's release tarball (which is not
# reachable from these machines; Maven Central is): the broker's classpath — kafka_2.13 and
# kafka-tools with their runtime dependencies, and the reload4j logging binding the release ships —
# resolved by Maven from a tiny generated pom, packed like the release (kafka_2.13-<v>/libs/*.jar)
# into the preseed folder, and its override merged into overrides.json.
#
#   ~/.cache/bcm/m2/                                        Maven's local repository (cached)
#   ~/.cache/bcm/kafka-libs-<v>/                            the resolved jars (cached)
#   ~/.cache/bcm/artifacts-preseed/kafka_2.13-<v>-maven.tgz reproducible tarball
#   ~/.cache/bcm/artifacts-preseed/overrides.json           {"kafka": {"version", "sha256"}, ...}
#
# Run it after build-test-artifacts.sh (which writes overrides.json afresh). Idempotent: with the
# jars cached a second run only repacks-or-checks and merges, in about a second.
set -euo pipefail

CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/bcm"
PRESEED="${BCM_ARTIFACTS_PRESEED:-$CACHE_DIR/artifacts-preseed}"
KAFKA_VERSION="3.7.2" # the version the catalog pins (src/shared/datacenter/artifacts.ts)
SCALA="2.13"
M2="$CACHE_DIR/m2"
LIBS="$CACHE_DIR/kafka-libs-$KAFKA_VERSION"
TOP="kafka_$SCALA-$KAFKA_VERSION"
LOCAL_VERSION="$KAFKA_VERSION-maven"
TARBALL="$PRESEED/$TOP-maven.tgz"
# 2026-01-01T00:00:00Z: any fixed instant makes the tarball's bytes depend on the jars alone.
FIXED_MTIME="@1767225600"

say() { printf '[kafka-artifact] %s\n' "$*" >&2; }

need_maven() {
  command -v mvn >/dev/null && return
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian's maven (to resolve Kafka's jars from Maven Central)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends maven >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends maven >/dev/null; }
  else
    say "Maven is needed to build the Kafka artifact: apt-get install maven"
    exit 1
  fi
}

write_pom() {
  cat >"$1/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.bitcoincachemachine</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_$SCALA</artifactId><version>$KAFKA_VERSION</version></dependency>
    <!-- the admin tools (kafka-topics, kafka-metadata-quorum, ...) without Kafka Connect's runtime -->
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version>
      <exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion></exclusions>
    </dependency>
    <!-- the logging binding Apache's release ships -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
  </dependencies>
</project>
EOF
}

resolve_jars() {
  [ -s "$LIBS/kafka_$SCALA-$KAFKA_VERSION.jar" ] && return
  need_maven
  local work
  work="$(mktemp -d)"
  write_pom "$work"
  say "resolving Kafka $KAFKA_VERSION's broker classpath from Maven Central"
  if ! mvn -q -B -f "$work/pom.xml" -Dmaven.repo.local="$M2" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$work/libs" >"$work/mvn.log" 2>&1; then
    tail -20 "$work/mvn.log" >&2
    say "Maven could not resolve the jars (log above)"
    rm -rf "$work"
    exit 1
  fi
  rm -rf "$LIBS"
  mkdir -p "$(dirname "$LIBS")"
  mv "$work/libs" "$LIBS"
  rm -rf "$work"
}

pack() {
  local stage
  stage="$(mktemp -d)"
  mkdir -p "$stage/$TOP/libs"
  install -m 0644 "$LIBS"/*.jar "$stage/$TOP/libs/"
  tar -C "$stage" --sort=name --mtime="$FIXED_MTIME" --owner=0 --group=0 --numeric-owner \
    --format=gnu -cf - "$TOP" | gzip -9n >"$TARBALL.tmp"
  mv "$TARBALL.tmp" "$TARBALL"
  rm -rf "$stage"
}

# Adds {"kafka": {...}} to overrides.json, keeping what other scripts wrote there.
merge_override() {
  local sha="$1" file="$PRESEED/overrides.json"
  node -e '
    const fs = require("fs");
    const [file, version, sha256] = process.argv.slice(1);
    let all = {};
    try { all = JSON.parse(fs.readFileSync(file, "utf8")); } catch {}
    all.kafka = { version, sha256 };
    fs.writeFileSync(file + ".tmp", JSON.stringify(all, null, 2) + "\n");
    fs.renameSync(file + ".tmp", file);
  ' "$file" "$LOCAL_VERSION" "$sha"
}

main() {
  resolve_jars
  mkdir -p "$PRESEED"
  if [ ! -s "$TARBALL" ] || [ -n "$(find "$LIBS" -newer "$TARBALL" -print -quit)" ]; then
    pack
  fi
  local sha
  sha="$(sha256sum "$TARBALL" | cut -d' ' -f1)"
  merge_override "$sha"
  say "ready: $TARBALL ($(ls "$LIBS" | wc -l) jars, $(du -h "$TARBALL" | cut -f1), sha256 ${sha:0:16}…)"
}

main "$@"
