#!/usr/bin/env bash
# Forms a real three-member LXD cluster on this machine for the cluster tests (issue 14), without
# touching the main test LXD (127.0.0.1:8443, /var/lib/lxd):
#
#   - three more LXD daemons, each with its own LXD_DIR under /var/lib/bcm-test-cluster/<member> (not
#     under ~/.cache: /root is 0700, and a container's unprivileged root must traverse the path
#     to its rootfs), each
#     in its own network namespace (clu-m1..3) joined by a veth to a host bridge `clubr`
#     (10.77.0.1/24; members at .11, .12, .13, port 8443). Nothing listens outside that bridge.
#   - each daemon runs in a mount namespace of its own with a fresh sysfs (so /sys/class/net shows
#     its own interfaces, as LXD expects) and the host's cgroup tree moved back under it.
#   - m1 bootstraps the cluster (a `dir` pool, a NAT bridge `lxdbr0` inside each member's netns);
#     m2 and m3 join with a join token. The Debian image is copied in from the main LXD once.
#
# Idempotent: a second run finds the daemons up (seconds); after a reboot it restarts them from the
# LXD_DIRs kept there. `--stop` shuts the three daemons down (their state stays cached).
# Prints `ready: https://10.77.0.11:8443 …` at the end; the client trust password is
# $BCM_TEST_TRUST_PASSWORD (the main LXD's, by default).
set -euo pipefail

STATE_DIR="${BCM_TEST_CLUSTER_DIR:-/var/lib/bcm-test-cluster}"
LOG_DIR="${BCM_TEST_LOG_DIR:-/var/log/bcm-test}"
TRUST_PASSWORD="${BCM_TEST_TRUST_PASSWORD:-bcm-test-trust}"
HOST_BRIDGE=clubr
HOST_CIDR=10.77.0.1/24
MEMBERS=(m1 m2 m3)
IMAGES=(bcm-debian-bookworm)

say() { printf '[cluster] %s\n' "$*" >&2; }

member_ip() { echo "10.77.0.1${1#m}"; }
member_dir() { echo "$STATE_DIR/$1"; }
mlxc() { local m="$1"; shift; LXD_DIR="$(member_dir "$m")" lxc "$@"; }

ensure_network() {
  if ! ip link show "$HOST_BRIDGE" >/dev/null 2>&1; then
    ip link add "$HOST_BRIDGE" type bridge
    ip addr add "$HOST_CIDR" dev "$HOST_BRIDGE"
  fi
  ip link set "$HOST_BRIDGE" up
  local m ns
  for m in "${MEMBERS[@]}"; do
    ns="clu-$m"
    # a member formed afresh gets a fresh namespace: an earlier daemon's bridges and veths there
    # would meet the new one's (its LXD_DIR was removed, its interfaces were not)
    if [ -e "/run/netns/$ns" ] && [ ! -d "$(member_dir "$m")/database" ] && [ -z "$(daemon_pid "$m")" ]; then
      ip link del "$ns" 2>/dev/null || true
      ip netns del "$ns"
    fi
    [ -e "/run/netns/$ns" ] || ip netns add "$ns"
    if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
      ip link del "$ns" 2>/dev/null || true
      ip link add "$ns" type veth peer name eth0 netns "$ns"
      ip link set "$ns" master "$HOST_BRIDGE" up
      ip -n "$ns" addr add "$(member_ip "$m")/24" dev eth0
    fi
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route replace default via "${HOST_CIDR%/*}"
    ip netns exec "$ns" sysctl -q -w net.ipv4.ip_forward=1
  done
}

running() { mlxc "$1" query /1.0 >/dev/null 2>&1; }
# the member's daemon, found by its own log file argument (a daemon still starting does not answer yet)
daemon_pid() { { pgrep -f -- "--logfile $LOG_DIR/lxd-clu-$1.log" || true; } | head -1; }

start_member() {
  local m="$1" dir
  dir="$(member_dir "$m")"
  [ -n "$(daemon_pid "$m")" ] && return 0
  mkdir -p "$dir" "$LOG_DIR"
  chmod 711 "$dir"
  say "starting lxd $m (LXD_DIR $dir, netns clu-$m, log $LOG_DIR/lxd-clu-$m.log)"
  # A mount namespace of its own: a sysfs mounted from inside the netns (LXD reads its bridges in
  # /sys/class/net), with the host's cgroup mounts moved back beneath it.
  # from / : the daemons outlive this clone, and a deleted working directory breaks LXD's rsync (snapshots, copies).
  # The redirections are on the whole subshell: the shell forked for the background job would
  # otherwise keep the caller's stderr open for the daemon's lifetime (execFileSync in the tests
  # then waits until its timeout: what turned the cluster tests red in CI).
  (cd / && LXD_DIR="$dir" setsid nohup nsenter --net="/run/netns/clu-$m" unshare --mount --propagation slave \
    sh -c 'set -e
      mkdir -p /run/clu-cgroup-'"$m"'
      mount --rbind /sys/fs/cgroup /run/clu-cgroup-'"$m"'
      mount -t sysfs sysfs /sys
      mount --move /run/clu-cgroup-'"$m"' /sys/fs/cgroup
      exec lxd --group root --logfile "'"$LOG_DIR/lxd-clu-$m.log"'"' \
    &) >"$LOG_DIR/lxd-clu-$m.stdout" 2>&1 </dev/null
}

# Every member is started before any is waited for: a clustered member is ready only once a quorum
# of the database members runs (after `--stop`, or a reboot, m1 alone would wait forever).
wait_member() {
  LXD_DIR="$(member_dir "$1")" lxd waitready --timeout 90
}

stop_members() {
  local m
  for m in "${MEMBERS[@]}"; do
    running "$m" && { LXD_DIR="$(member_dir "$m")" lxd shutdown --timeout 60 || true; }
  done
  # one that never became ready (no quorum) does not answer a shutdown
  local pid
  for m in "${MEMBERS[@]}"; do
    pid="$(daemon_pid "$m")"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  # gone before this returns, so that a start right after finds none half-stopped
  local i
  for i in $(seq 60); do
    [ -z "$(daemon_pid m1)$(daemon_pid m2)$(daemon_pid m3)" ] && return 0
    sleep 1
  done
  say "a member's daemon is still stopping after 60 s"
  return 1
}

clustered() { mlxc "$1" query /1.0/cluster 2>/dev/null | grep -q '"enabled": true'; }

bootstrap() {
  clustered m1 && return 0
  say "bootstrapping the cluster on m1"
  local ip
  ip="$(member_ip m1)"
  LXD_DIR="$(member_dir m1)" lxd init --preseed <<EOF
config:
  core.https_address: "$ip:8443"
  core.trust_password: "$TRUST_PASSWORD"
networks:
- name: lxdbr0
  type: bridge
  config:
    ipv4.address: 10.78.0.1/24
    ipv4.nat: "true"
    ipv6.address: none
storage_pools:
- name: default
  driver: dir
profiles:
- name: default
  devices:
    root: {path: /, pool: default, type: disk}
    eth0: {name: eth0, network: lxdbr0, type: nic}
cluster:
  server_name: m1
  enabled: true
EOF
}

join() {
  local m="$1"
  clustered "$m" && return 0
  say "joining $m"
  local token cert ip
  mlxc m1 cluster list --format csv 2>/dev/null | grep -q "^$m," && mlxc m1 cluster remove --force --yes "$m" >/dev/null
  mlxc m1 cluster revoke-token "$m" >/dev/null 2>&1 || true
  token="$(mlxc m1 cluster add "$m" --quiet)"
  cert="$(sed 's/^/    /' "$(member_dir m1)/cluster.crt")"
  ip="$(member_ip "$m")"
  LXD_DIR="$(member_dir "$m")" lxd init --preseed <<EOF
config:
  core.https_address: "$ip:8443"
cluster:
  enabled: true
  server_name: $m
  server_address: "$ip:8443"
  cluster_address: "$(member_ip m1):8443"
  cluster_token: "$token"
  cluster_certificate: |
$cert
  member_config:
  - entity: storage-pool
    name: default
    key: source
    value: ""
EOF
}

copy_images() {
  local alias fp tmp
  for alias in "${IMAGES[@]}"; do
    fp="$(lxc query "/1.0/images/aliases/$alias" | grep -o '"target": *"[^"]*"' | cut -d'"' -f4)"
    if mlxc m1 query "/1.0/images/aliases/$alias" 2>/dev/null | grep -q "\"$fp\""; then
      continue
    fi
    say "copying image $alias ($fp) into the cluster"
    tmp="$(mktemp -d)"
    lxc image export "$alias" "$tmp/img" >/dev/null
    mlxc m1 image delete "$alias" >/dev/null 2>&1 || true
    mlxc m1 image import "$tmp"/img* --alias "$alias" >/dev/null
    rm -rf "$tmp"
  done
}

# A test that failed between an evacuation and its restore leaves the member evacuated.
restore_evacuated() {
  local m
  for m in "${MEMBERS[@]}"; do
    if mlxc m1 query "/1.0/cluster/members/$m" | grep -q '"status": "Evacuated"'; then
      say "restoring $m (left evacuated)"
      mlxc m1 cluster restore "$m" --force >/dev/null
    fi
  done
}

# A member started again is Online once the others have had its heartbeat (a few seconds).
wait_online() {
  local i
  for i in $(seq 60); do
    [ "$(mlxc m1 query /1.0/cluster/members?recursion=1 | grep -c '"status": "Online"')" = "${#MEMBERS[@]}" ] && return 0
    sleep 1
  done
  say "not every member is Online after 60 s:"
  mlxc m1 cluster list >&2
  return 1
}

main() {
  if [ "$(id -u)" != 0 ]; then say "run as root"; exit 1; fi
  command -v lxd >/dev/null || { say "lxd is missing: run scripts/setup-test-env.sh first"; exit 1; }
  # ip (netns, veth, bridge); nsenter and unshare come with util-linux, which Debian always has
  command -v ip >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 >/dev/null; }
  if [ "${1:-}" = --stop ]; then stop_members; return; fi
  ensure_network
  local m
  for m in "${MEMBERS[@]}"; do start_member "$m"; done
  for m in "${MEMBERS[@]}"; do wait_member "$m"; done
  bootstrap
  for m in m2 m3; do join "$m"; done
  mlxc m1 config set core.trust_password "$TRUST_PASSWORD"
  # a member down is seen after 20 s, LXD's default, said here so a changed default cannot slow the
  # tests (11 s, the least LXD takes, let members flap offline while the machine was busy)
  [ "$(mlxc m1 config get cluster.offline_threshold)" = 20 ] || mlxc m1 config set cluster.offline_threshold 20
  restore_evacuated
  wait_online
  copy_images
  say "ready: https://$(member_ip m1):8443 members: $(mlxc m1 query /1.0/cluster/members?recursion=1 | grep -o '"server_name": *"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')"
}

main "$@"
