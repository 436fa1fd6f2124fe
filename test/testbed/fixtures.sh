#!/usr/bin/env bash
# npm run testbed:fixtures — regenerates the real archives under test/fixtures/
# (and resources/sample/sample-checkpoint.tar) with their manifests, from the
# running testbed (started here if needed). Podman archives need podman in the
# root fs, installed here on first use (about a minute); TESTBED_FIXTURES_PODMAN=0
# skips them.

# Fixtures come from the forky suite (containerd 2.x: CRI checkpoints).
export TESTBED_SUITE=forky
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
bash "$TESTBED_SRC/up.sh"

if [ "${TESTBED_FIXTURES_PODMAN:-1}" != 0 ] && [ ! -x "$ROOTFS/usr/bin/podman" ]; then
  log "installing podman into the root fs"
  # The suite's Release file may be past its Valid-Until on machines whose clock runs ahead.
  chroot "$ROOTFS" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive sh -c \
    'apt-get -o Acquire::Check-Valid-Until=false update -qq &&
     apt-get install -y -qq --no-install-recommends podman conmon &&
     apt-get clean' >"$TESTBED_DIR/podman-install.log" 2>&1 ||
    die "podman install failed, see $TESTBED_DIR/podman-install.log"
fi

cd "$REPO_ROOT"
node --import tsx "$TESTBED_SRC/fixtures.ts"
