# Shared settings and helpers of the testbed scripts (sourced, not run).
# Every path can be moved with an environment variable; see README.md here.

set -euo pipefail

TESTBED_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$TESTBED_SRC/../.." && pwd)"

# Cache: the Debian root fs, built binaries and the image; kept across runs.
TESTBED_DIR="${CHECKPOINT_INSPECTOR_TESTBED_DIR:-${HOME:-/root}/.cache/checkpoint-inspector/testbed}"
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
RUN_DIR="${CHECKPOINT_INSPECTOR_TESTBED_RUN:-/run/checkpoint-inspector-testbed}"
STATE_FILE="$RUN_DIR/state.json"
SOCKET_DIR="$RUN_DIR/containerd"
SOCKET="$SOCKET_DIR/containerd.sock"
HOLDER_PID_FILE="$RUN_DIR/holder.pid"
CONTAINERD_PID_FILE="$RUN_DIR/containerd.pid"

SUITE="forky"
MIRROR="${CHECKPOINT_INSPECTOR_TESTBED_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="containerd,runc,criu,iptables,containernetworking-plugins,busybox-static,python3-pycriu"
# Bump when the root fs recipe changes, so a cached root fs is rebuilt.
ROOTFS_RECIPE="1:$SUITE:$PACKAGES"

IMAGE_REF="localhost/checkpoint-inspector/busybox:testbed"
CNI_BRIDGE="ckptbr0"
CNI_SUBNET="169.254.123.0/24"
WEB_PORT=8080

log() { printf '[testbed] %s\n' "$*" >&2; }
die() { printf '[testbed] error: %s\n' "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (containerd, runc and CRIU need it)"
}

pid_alive() { [ -n "${1:-}" ] && [ -d "/proc/$1" ]; }

holder_pid() { cat "$HOLDER_PID_FILE" 2>/dev/null || true; }
containerd_pid() { cat "$CONTAINERD_PID_FILE" 2>/dev/null || true; }

testbed_running() {
  local h c
  h="$(holder_pid)"
  c="$(containerd_pid)"
  pid_alive "$h" && pid_alive "$c" && [ -S "$SOCKET" ]
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
