#!/usr/bin/env bash
# Builds what the testbed needs into the cache, once: the Debian forky root fs
# (debootstrap), the memhog binary, the busybox OCI image. Each step is skipped
# when its output is present and current. Sourced by up.sh, runnable alone.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

host_install() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v gcc >/dev/null || missing+=(gcc)
  [ -e /usr/include/stdio.h ] || missing+=(libc6-dev)
  command -v nsenter >/dev/null || missing+=(util-linux)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing on the host: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >/dev/null
  }
}

# Packages debootstrap should not install itself (docker.io's postinst would
# start dockerd): apt-get in a chroot entered from a private mount namespace
# (proc, dev and sys mounted there only), with a policy-rc.d that refuses
# every service start. The policy file stays: nothing in the root fs starts
# services, the testbed starts what it needs.
install_extra_packages() {
  local root=$1
  [ -n "$EXTRA_PACKAGES" ] || return 0
  log "installing $EXTRA_PACKAGES into the root fs"
  printf '#!/bin/sh\n# test/testbed/provision.sh: no service starts in the testbed root fs\nexit 101\n' \
    >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  # shellcheck disable=SC2016
  unshare -m --propagation private bash -c '
    set -e
    mount -t proc proc "$1/proc"
    mount --rbind /dev "$1/dev"
    mount --rbind /sys "$1/sys"
    # The Release file may be past its Valid-Until on machines whose clock runs ahead.
    chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive sh -c \
      "apt-get -o Acquire::Check-Valid-Until=false update -qq &&
       apt-get install -y -qq --no-install-recommends $2 &&
       apt-get clean"' _ "$root" "${EXTRA_PACKAGES//,/ }" \
    >"$TESTBED_DIR/extra-packages.log" 2>&1 ||
    die "installing $EXTRA_PACKAGES failed, see $TESTBED_DIR/extra-packages.log"
}

provision_rootfs() {
  if [ -f "$ROOTFS/.testbed-recipe" ] && [ "$(cat "$ROOTFS/.testbed-recipe")" = "$ROOTFS_RECIPE" ]; then
    return 0
  fi
  local script="$DEBOOTSTRAP_SCRIPT"
  [ -e "$script" ] || die "debootstrap has no script at $script"
  local tmp="$TESTBED_DIR/rootfs.partial"
  rm -rf "$tmp"
  mkdir -p "$TESTBED_DIR"
  log "debootstrap $SUITE into $ROOTFS (about a minute)"
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$tmp" "$MIRROR" "$script" \
    >"$TESTBED_DIR/debootstrap.log" 2>&1 || die "debootstrap failed, see $TESTBED_DIR/debootstrap.log"
  install_extra_packages "$tmp"
  rm -rf "$tmp"/var/cache/apt/archives/*.deb
  echo "$ROOTFS_RECIPE" >"$tmp/.testbed-recipe"
  rm -rf "$ROOTFS"
  mv "$tmp" "$ROOTFS"
}

build_memhog() {
  mkdir -p "$BIN_DIR"
  if [ "$BIN_DIR/memhog" -nt "$TESTBED_SRC/memhog.c" ]; then return 0; fi
  log "building memhog"
  gcc -static -O2 -Wall -o "$BIN_DIR/memhog.tmp" "$TESTBED_SRC/memhog.c"
  mv "$BIN_DIR/memhog.tmp" "$BIN_DIR/memhog"
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# An OCI image layout tar: busybox-static with its applet links, a page to
# serve, and a file the web workload deletes after start.
build_image() {
  local recipe_file="$TESTBED_SRC/provision.sh"
  if [ -f "$IMAGE_TAR" ] && [ "$IMAGE_TAR" -nt "$recipe_file" ] && [ "$IMAGE_TAR" -nt "$ROOTFS/.testbed-recipe" ]; then
    return 0
  fi
  log "building the busybox OCI image"
  local t
  t="$(mktemp -d)"
  local fs="$t/fs" layout="$t/layout"
  mkdir -p "$fs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,data,www,root,proc,sys,dev,run,var/log}
  chmod 1777 "$fs/tmp"
  cp "$ROOTFS/bin/busybox" "$fs/bin/busybox"
  local applet
  for applet in $(chroot "$ROOTFS" /bin/busybox --list-full); do
    [ -e "$fs/$applet" ] || ln -s /bin/busybox "$fs/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$fs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$fs/etc/group"
  printf '<html><body>checkpoint-inspector testbed</body></html>\n' >"$fs/www/index.html"
  printf 'this file is deleted by the web workload after it starts\n' >"$fs/etc/testbed-delete-me.txt"

  mkdir -p "$layout/blobs/sha256"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$fs" -cf "$t/layer.tar" .
  local layer_digest layer_size
  layer_digest="$(sha256 "$t/layer.tar")"
  layer_size="$(stat -c %s "$t/layer.tar")"
  mv "$t/layer.tar" "$layout/blobs/sha256/$layer_digest"

  local arch
  arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
  cat >"$t/config.json" <<EOF
{"architecture":"$arch","os":"linux","config":{"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh","-c","trap 'exit 0' TERM INT; sleep 2147483647 & wait"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:$layer_digest"]},"history":[{"created_by":"checkpoint-inspector test/testbed/provision.sh"}]}
EOF
  local config_digest config_size
  config_digest="$(sha256 "$t/config.json")"
  config_size="$(stat -c %s "$t/config.json")"
  mv "$t/config.json" "$layout/blobs/sha256/$config_digest"

  cat >"$t/manifest.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config_digest","size":$config_size},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:$layer_digest","size":$layer_size}]}
EOF
  local manifest_digest manifest_size
  manifest_digest="$(sha256 "$t/manifest.json")"
  manifest_size="$(stat -c %s "$t/manifest.json")"
  mv "$t/manifest.json" "$layout/blobs/sha256/$manifest_digest"

  cat >"$layout/index.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest_digest","size":$manifest_size,"platform":{"architecture":"$arch","os":"linux"},"annotations":{"io.containerd.image.name":"$IMAGE_REF","org.opencontainers.image.ref.name":"testbed"}}]}
EOF
  printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  if [[ "$EXTRA_PACKAGES" == *docker.io* ]]; then
    # `docker load` (graph driver store) reads the docker-archive manifest.
    cat >"$layout/manifest.json" <<EOF
[{"Config":"blobs/sha256/$config_digest","RepoTags":["$IMAGE_REF"],"Layers":["blobs/sha256/$layer_digest"]}]
EOF
  fi
  mkdir -p "$(dirname "$IMAGE_TAR")"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$layout" -cf "$IMAGE_TAR.tmp" .
  mv "$IMAGE_TAR.tmp" "$IMAGE_TAR"
  rm -rf "$t"
}

provision() {
  require_root
  host_install
  provision_rootfs
  build_memhog
  build_image
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  provision
fi
