#!/usr/bin/env bash
# Runs as the first process of the testbed's private mount namespace (started
# by up.sh through `unshare -m`): pivots into the Debian root fs, starts
# containerd, then stays alive as the namespace's holder.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

echo $$ >"$HOLDER_PID_FILE"
exec 9>"$CONTAINERD_PID_FILE"

mount --make-rprivate /
mount --bind "$ROOTFS" "$ROOTFS"
mount -t proc proc "$ROOTFS/proc"
mount --rbind /sys "$ROOTFS/sys"
mount --rbind /dev "$ROOTFS/dev"
mount -t tmpfs -o mode=755 tmpfs "$ROOTFS/run"
mount -t tmpfs -o mode=1777 tmpfs "$ROOTFS/tmp"
# The socket folder: /run/containerd inside is $SOCKET_DIR outside.
mkdir -p "$ROOTFS/run/containerd"
mount --bind "$SOCKET_DIR" "$ROOTFS/run/containerd"
# Docker's socket folder, likewise (suites with docker.io).
if has_docker; then
  mkdir -p "$ROOTFS/run/testbed-docker"
  mount --bind "$DOCKER_SOCKET_DIR" "$ROOTFS/run/testbed-docker"
fi
# The share folder (archives, memhog, its outputs): same path on both sides.
mkdir -p "$ROOTFS$SHARE_DIR"
mount --bind "$SHARE_DIR" "$ROOTFS$SHARE_DIR"

cd "$ROOTFS"
mkdir -p .oldroot
pivot_root . .oldroot
cd /
umount -l /.oldroot
rmdir /.oldroot 2>/dev/null || true

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# shellcheck disable=SC2086 # CONTAINERD_ENV is a list of NAME=VALUE words
env $CONTAINERD_ENV containerd --config /etc/containerd/config.toml &
echo $! >&9
exec 9>&-
exec sleep infinity
