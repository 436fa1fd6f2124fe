#!/usr/bin/env bash
# npm run testbed:down [-- --suite forky|trixie] — stops one suite's testbed
# (default forky, as up.sh): container processes, shims, dockerd, containerd
# and the namespace holder, by pid; removes the cgroups, the CNI bridge and the
# runtime folder. Harmless when nothing runs. The other suite is not touched.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$TESTBED_SRC/procs.sh"

kill_and_wait() {
  local sig=$1
  shift
  [ $# -gt 0 ] || return 0
  kill "-$sig" "$@" 2>/dev/null || true
  local i p alive
  for i in $(seq 1 50); do
    alive=0
    for p in "$@"; do pid_alive "$p" && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  return 1
}

remove_cgroups() {
  local hierarchy dir
  for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    dir="$hierarchy$CGROUP_PARENT"
    [ -d "$dir" ] || continue
    # Depth first: a cgroup can only be removed once its children are gone.
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

unmount_leftovers() {
  # Nothing of ours is mounted in the host's namespace; undo it if it ever is.
  local target
  for target in $(awk -v r="$ROOTFS" -v s="$SOCKET_DIR" \
    'index($5, r) == 1 || index($5, s) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
    umount -l "$target" 2>/dev/null || true
  done
}

main() {
  require_root
  lock_suite
  local daemons containers
  daemons="$(testbed_daemon_pids)"
  containers="$(descendant_pids $daemons) $(cgroup_pids)"
  thaw_cgroups
  # Container processes first: once their shim is gone nobody reaps them.
  # shellcheck disable=SC2086
  kill_and_wait KILL $containers || log "some container processes did not exit"
  # shellcheck disable=SC2086
  kill_and_wait TERM $daemons || kill_and_wait KILL $daemons || log "some testbed daemons did not exit"
  unmount_leftovers
  remove_cgroups
  if ip link show "$CNI_BRIDGE" >/dev/null 2>&1; then ip link del "$CNI_BRIDGE" || true; fi
  rm -rf "$RUN_DIR"
  log "stopped"
}

main "$@"
