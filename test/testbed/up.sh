#!/usr/bin/env bash
# npm run testbed:up [-- --suite forky|trixie] — starts the testbed
# (containerd + runc + CRIU from a Debian root fs, in a private mount
# namespace; trixie also dockerd) and its workloads, and writes the state file.
# Provisions the cache first when needed. Idempotent: when the testbed already
# runs, it only prints the state file's path. The suite: --suite, else
# $TESTBED_SUITE, else forky (containerd 2.x); trixie is containerd 1.7.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$TESTBED_SRC/provision.sh"

# containerd 2.x: a version 3 config.
containerd_config_v3() {
  cat <<EOF
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
}

# containerd 1.7 does not load a version 3 config: the same settings in the
# version 2 layout (one CRI plugin section).
containerd_config_v2() {
  cat <<EOF
# Written by test/testbed/up.sh; rewritten on every start.
version = 2
root = "/var/lib/containerd"
state = "/run/containerd"

[grpc]
  address = "/run/containerd/containerd.sock"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$IMAGE_REF"
  # No CAP_SYS_RESOURCE here: the sandbox's oom_score_adj of -998 makes runc fail.
  restrict_oom_score_adj = true
  disable_apparmor = true

[plugins."io.containerd.grpc.v1.cri".cni]
  bin_dir = "/usr/lib/cni"
  conf_dir = "/etc/cni/net.d"
EOF
}

write_configs() {
  mkdir -p "$ROOTFS/etc/containerd" "$ROOTFS/etc/cni/net.d"
  "containerd_config_v$CONTAINERD_CONFIG_VERSION" >"$ROOTFS/etc/containerd/config.toml"
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
  if has_docker; then
    rm -rf "$ROOTFS/var/lib/docker" "$DOCKER_SOCKET_DIR"
    mkdir -p "$DOCKER_SOCKET_DIR"
  fi
  rm -f "$HOLDER_PID_FILE" "$CONTAINERD_PID_FILE" "$DOCKERD_PID_FILE" "$STATE_FILE"
  # The marker in the environment lets down.sh find containerd and its shims
  # even if the pid files are lost.
  CHECKPOINT_INSPECTOR_TESTBED_MARK="$RUN_DIR" setsid nohup \
    unshare -m --propagation private bash "$TESTBED_SRC/ns-init.sh" \
    </dev/null >>"$RUN_DIR/containerd.log" 2>&1 8>&- &
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

# dockerd inside the namespace, on the testbed's containerd (namespace moby),
# with no bridge, no iptables, no ip_forward change: it touches nothing of the
# host's network. Its socket folder is bound from $DOCKER_SOCKET_DIR, so the
# socket is reachable from the host. Started through the holder's namespace
# with the marker, so down.sh finds it.
start_dockerd() {
  CHECKPOINT_INSPECTOR_TESTBED_MARK="$RUN_DIR" setsid nohup \
    nsenter -t "$(holder_pid)" -m -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CHECKPOINT_INSPECTOR_TESTBED_MARK="$RUN_DIR" \
    dockerd --host "unix:///run/testbed-docker/docker.sock" \
    --containerd /run/containerd/containerd.sock --containerd-namespace moby \
    --containerd-plugins-namespace moby-plugins \
    --data-root /var/lib/docker --exec-root /run/docker --pidfile /run/docker.pid \
    --storage-driver overlay2 --bridge=none --iptables=false --ip6tables=false \
    --ip-forward=false --ip-masq=false --userland-proxy=false \
    --cgroup-parent "/$CGROUP_PARENT/docker" --exec-opt native.cgroupdriver=cgroupfs \
    --no-new-privileges=false --log-level warn \
    </dev/null >>"$RUN_DIR/dockerd.log" 2>&1 8>&- &
  echo $! >"$DOCKERD_PID_FILE"
  local deadline=$((SECONDS + 120))
  while [ $SECONDS -lt $deadline ]; do
    if [ -S "$DOCKER_SOCKET" ] && in_ns timeout 10 docker -H unix:///run/testbed-docker/docker.sock version >/dev/null 2>&1; then
      in_ns docker -H unix:///run/testbed-docker/docker.sock load -i "$IMAGE_TAR" >/dev/null
      return 0
    fi
    pid_alive "$(dockerd_pid)" || break
    sleep 0.1
  done
  tail -20 "$RUN_DIR/dockerd.log" >&2 || true
  die "dockerd did not become ready; log: $RUN_DIR/dockerd.log"
}

main() {
  require_root
  lock_suite
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
  local docker_args=()
  if has_docker; then
    log "starting dockerd"
    start_dockerd
    docker_args=(--docker-socket "$DOCKER_SOCKET" --dockerd-pid "$(dockerd_pid)")
  fi
  log "starting workloads"
  (cd "$REPO_ROOT" && node --import tsx \
    "$TESTBED_SRC/testbed-cli.ts" up \
    --suite "$SUITE" --state-file "$STATE_FILE" \
    --cache-dir "$TESTBED_DIR" --rootfs "$ROOTFS" --share-dir "$SHARE_DIR" \
    --archive-dir "$ARCHIVE_DIR" --mem-dir "$MEM_DIR" --memhog "$BIN_DIR/memhog" \
    --image "$IMAGE_REF" --socket "$SOCKET" --cgroup-parent "$CGROUP_PARENT" \
    --cni-bridge "$CNI_BRIDGE" --cni-subnet "$CNI_SUBNET" --containerd-env "$CONTAINERD_ENV" \
    --holder-pid "$(holder_pid)" --containerd-pid "$(containerd_pid)" "${docker_args[@]}")
  log "$SUITE ready in $((SECONDS - t0)) s; state: $STATE_FILE"
}

main "$@"
