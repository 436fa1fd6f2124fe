# Shared settings and helpers of the testbed scripts (sourced, not run).
# Every path can be moved with an environment variable; see README.md here.

set -euo pipefail

TESTBED_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$TESTBED_SRC/../.." && pwd)"

# The suite: `--suite NAME` among the script's arguments, else $TESTBED_SUITE,
# else forky. Each suite has its own cache, run folder, bridge, subnet, cgroup
# parent and image name, so both run side by side.
# (Read without `shift`: a sourced file shares its caller's arguments.)
TESTBED_SUITE="${TESTBED_SUITE:-forky}"
_suite_next=0
for _arg in "$@"; do
  if [ "$_suite_next" = 1 ]; then TESTBED_SUITE="$_arg"; _suite_next=0; fi
  case "$_arg" in
    --suite) _suite_next=1 ;;
    --suite=*) TESTBED_SUITE="${_arg#--suite=}" ;;
  esac
done
unset _arg _suite_next
export TESTBED_SUITE

# What differs between the suites. Names and paths take the suite's suffix
# (none for forky), so the two never share a file, bridge or cgroup; the
# cache and run folders move with CHECKPOINT_INSPECTOR_TESTBED[_TRIXIE]_DIR
# and _RUN. forky is Debian testing with containerd 2.x (the host's
# debootstrap has no forky script: sid's serves), which loads a version 3
# config; trixie is Debian 13 with containerd 1.7 (a version 2 config), runc
# 1.1, CRIU 4.1 and docker.io 26, installed after debootstrap in a chroot
# (provision.sh). CONTAINERD_ENV is extra environment of containerd, its
# shims, runc and CRIU: CRIU 4.1.1 cures its parasite with hardware
# breakpoints, which never fire on this project's VMs (Firecracker), so the
# dump hangs with the container frozen; fault 130 (FI_NO_BREAKPOINTS) makes
# it single-step the syscalls instead, as CRIU 4.2 always does.
case "$TESTBED_SUITE" in
  forky) SUFFIX="" DEBOOTSTRAP_SCRIPT=sid CNI_BRIDGE=ckptbr0 CNI_SUBNET=169.254.123.0/24 \
    CONTAINERD_CONFIG_VERSION=3 CONTAINERD_ENV="" EXTRA_PACKAGES="" ;;
  trixie) SUFFIX="-trixie" DEBOOTSTRAP_SCRIPT=trixie CNI_BRIDGE=ckptbr1 CNI_SUBNET=169.254.124.0/24 \
    CONTAINERD_CONFIG_VERSION=2 CONTAINERD_ENV="CRIU_FAULT=130" EXTRA_PACKAGES="docker.io,docker-cli" ;;
  *)
    printf '[testbed] error: unknown suite "%s" (known: forky, trixie)\n' "$TESTBED_SUITE" >&2
    exit 1
    ;;
esac
_var_prefix="CHECKPOINT_INSPECTOR_TESTBED$(printf '%s' "${SUFFIX//-/_}" | tr a-z A-Z)"
_dir_var="${_var_prefix}_DIR" _run_var="${_var_prefix}_RUN"
TESTBED_DIR="${!_dir_var:-}" RUN_DIR="${!_run_var:-}"
unset _var_prefix _dir_var _run_var
SUITE="$TESTBED_SUITE"
DEBOOTSTRAP_SCRIPT="/usr/share/debootstrap/scripts/$DEBOOTSTRAP_SCRIPT"
TESTBED_DIR="${TESTBED_DIR:-${HOME:-/root}/.cache/checkpoint-inspector/testbed$SUFFIX}"
RUN_DIR="${RUN_DIR:-/run/checkpoint-inspector-testbed$SUFFIX}"
IMAGE_REF="localhost/checkpoint-inspector/busybox:testbed$SUFFIX"
CGROUP_PARENT="checkpoint-inspector-testbed$SUFFIX"

# Cache: the Debian root fs, built binaries and the image; kept across runs.
ROOTFS="$TESTBED_DIR/rootfs"
# Bound at the same path inside containerd's mount namespace, so a path under
# it (a CRI checkpoint `location`, a bind mount source) means the same file on
# both sides.
SHARE_DIR="$TESTBED_DIR/share"
ARCHIVE_DIR="$SHARE_DIR/archives"
MEM_DIR="$SHARE_DIR/mem"
BIN_DIR="$SHARE_DIR/bin"
WORK_DIR="$SHARE_DIR/work"
IMAGE_TAR="$SHARE_DIR/images/busybox-oci.tar"

# Runtime: the socket folder, the state file, logs; gone after down.sh.
STATE_FILE="$RUN_DIR/state.json"
SOCKET_DIR="$RUN_DIR/containerd"
SOCKET="$SOCKET_DIR/containerd.sock"
HOLDER_PID_FILE="$RUN_DIR/holder.pid"
CONTAINERD_PID_FILE="$RUN_DIR/containerd.pid"

# Docker (suites with docker.io): its socket folder, bound like containerd's.
DOCKER_SOCKET_DIR="$RUN_DIR/docker"
DOCKER_SOCKET="$DOCKER_SOCKET_DIR/docker.sock"
DOCKERD_PID_FILE="$RUN_DIR/dockerd.pid"

MIRROR="${CHECKPOINT_INSPECTOR_TESTBED_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="containerd,runc,criu,iptables,containernetworking-plugins,busybox-static,python3-pycriu"
# Bump when the root fs recipe changes, so a cached root fs is rebuilt.
ROOTFS_RECIPE="1:$SUITE:$PACKAGES"
[ -z "$EXTRA_PACKAGES" ] || ROOTFS_RECIPE="$ROOTFS_RECIPE+$EXTRA_PACKAGES"

WEB_PORT=8080

# One up.sh or down.sh per suite at a time (test runs of several sessions
# start the testbeds at once); beside RUN_DIR, which down.sh removes.
LOCK_FILE="$RUN_DIR.lock"

log() { printf '[testbed] %s\n' "$*" >&2; }

# Holds the suite's lock until the calling script exits (fd 8).
lock_suite() {
  [ "${TESTBED_LOCK_HELD:-}" = "$SUITE" ] && return 0
  exec 8>"$LOCK_FILE"
  flock -w 900 8 || die "another up.sh or down.sh of $SUITE holds $LOCK_FILE for more than 15 min"
  export TESTBED_LOCK_HELD="$SUITE"
}
die() { printf '[testbed] error: %s\n' "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (containerd, runc and CRIU need it)"
}

pid_alive() { [ -n "${1:-}" ] && [ -d "/proc/$1" ]; }

holder_pid() { cat "$HOLDER_PID_FILE" 2>/dev/null || true; }
containerd_pid() { cat "$CONTAINERD_PID_FILE" 2>/dev/null || true; }
dockerd_pid() { cat "$DOCKERD_PID_FILE" 2>/dev/null || true; }
has_docker() { [ -x "$ROOTFS/usr/sbin/dockerd" ]; }

testbed_running() {
  local h c
  h="$(holder_pid)"
  c="$(containerd_pid)"
  pid_alive "$h" && pid_alive "$c" && [ -S "$SOCKET" ] &&
    { ! has_docker || { pid_alive "$(dockerd_pid)" && [ -S "$DOCKER_SOCKET" ]; }; }
}

# Runs a command inside containerd's mount namespace, with the root fs tools.
in_ns() {
  local c
  c="$(containerd_pid)"
  pid_alive "$c" || die "containerd is not running"
  nsenter -t "$c" -m -- env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

ctr_ns() { in_ns ctr --address /run/containerd/containerd.sock "$@"; }

# The CRI driver: a small gRPC client in TypeScript run with tsx.
cri() { (cd "$REPO_ROOT" && node --import tsx "$TESTBED_SRC/cri-cli.ts" "$@"); }
