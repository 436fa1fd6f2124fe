#!/usr/bin/env bash
# npm run testbed:up — starts the testbed (containerd 2.x + runc + CRIU from a
# Debian forky root fs, in a private mount namespace) and its workloads, and
# writes the state file. Provisions the cache first when needed. Idempotent:
# when the testbed already runs, it only prints the state file's path.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$TESTBED_SRC/provision.sh"

write_configs() {
  mkdir -p "$ROOTFS/etc/containerd" "$ROOTFS/etc/cni/net.d"
  cat >"$ROOTFS/etc/containerd/config.toml" <<EOF
# Written by test/testbed/up.sh; rewritten on every start.
version = 3
root = "/var/lib/containerd"
state = "/run/containerd"

[grpc]
  address = "/run/containerd/containerd.sock"

[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = "$IMAGE_REF"

[plugins.'io.containerd.cri.v1.runtime']
  # No CAP_SYS_RESOURCE here: the sandbox's oom_score_adj of -998 makes runc fail.
  restrict_oom_score_adj = true
  disable_apparmor = true

[plugins.'io.containerd.cri.v1.runtime'.cni]
  bin_dirs = ["/usr/lib/cni"]
  conf_dir = "/etc/cni/net.d"
EOF
  # A link-local bridge without gateway or masquerade: pods get an eth0 (CRI
  # needs one) and can reach nothing but each other.
  cat >"$ROOTFS/etc/cni/net.d/10-testbed.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "checkpoint-inspector-testbed",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$CNI_BRIDGE",
      "isGateway": false,
      "ipMasq": false,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$CNI_SUBNET" }]] }
    },
    { "type": "loopback" }
  ]
}
EOF
}

start_containerd() {
  rm -rf "$ROOTFS/var/lib/containerd" "$ROOTFS/var/lib/cni" "$SOCKET_DIR"
  mkdir -p "$RUN_DIR" "$SOCKET_DIR" "$ARCHIVE_DIR" "$MEM_DIR" "$WORK_DIR"
  rm -f "$HOLDER_PID_FILE" "$CONTAINERD_PID_FILE" "$STATE_FILE"
  # The marker in the environment lets down.sh find containerd and its shims
  # even if the pid files are lost.
  CHECKPOINT_INSPECTOR_TESTBED_MARK="$RUN_DIR" setsid nohup \
    unshare -m --propagation private bash "$TESTBED_SRC/ns-init.sh" \
    </dev/null >>"$RUN_DIR/containerd.log" 2>&1 &
  local i
  # Generous: other work on a 2-core machine can slow the start a lot.
  for i in $(seq 1 1200); do
    if [ -S "$SOCKET" ] && pid_alive "$(containerd_pid)" &&
      ctr_ns version >/dev/null 2>&1; then
      return 0
    fi
    if [ -s "$HOLDER_PID_FILE" ] && ! pid_alive "$(holder_pid)"; then break; fi
    sleep 0.1
  done
  tail -20 "$RUN_DIR/containerd.log" >&2 || true
  die "containerd did not become ready; log: $RUN_DIR/containerd.log"
}

import_images() {
  local ns
  for ns in k8s.io default; do
    ctr_ns -n "$ns" images import --platform "linux/$(dpkg --print-architecture 2>/dev/null || echo amd64)" \
      "$IMAGE_TAR" >/dev/null
  done
}

main() {
  require_root
  if testbed_running && [ -f "$STATE_FILE" ]; then
    log "already running; state: $STATE_FILE"
    return 0
  fi
  if pid_alive "$(holder_pid)" || pid_alive "$(containerd_pid)"; then
    log "a partial testbed is running: stopping it first"
    bash "$TESTBED_SRC/down.sh"
  fi
  local t0=$SECONDS
  provision
  write_configs
  log "starting containerd in a private mount namespace"
  start_containerd
  import_images
  log "starting workloads"
  (cd "$REPO_ROOT" && CHECKPOINT_INSPECTOR_TESTBED_RUN="$RUN_DIR" node --import tsx \
    "$TESTBED_SRC/testbed-cli.ts" up \
    --cache-dir "$TESTBED_DIR" --rootfs "$ROOTFS" --share-dir "$SHARE_DIR" \
    --archive-dir "$ARCHIVE_DIR" --mem-dir "$MEM_DIR" --memhog "$BIN_DIR/memhog" \
    --image "$IMAGE_REF" --socket "$SOCKET" \
    --holder-pid "$(holder_pid)" --containerd-pid "$(containerd_pid)")
  log "ready in $((SECONDS - t0)) s; state: $STATE_FILE"
}

main "$@"
