# Finding the testbed's processes (sourced). up.sh starts the namespace
# holder with CHECKPOINT_INSPECTOR_TESTBED_MARK=$RUN_DIR in its environment;
# containerd and every shim inherit it, container processes do not.

# Pids of the holder, containerd, dockerd and the shims (and any runc or criu they run).
testbed_daemon_pids() {
  local mark="CHECKPOINT_INSPECTOR_TESTBED_MARK=$RUN_DIR" p pids=()
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    [ "$p" = $$ ] && continue
    if grep -qzxF "$mark" "/proc/$p/environ" 2>/dev/null; then pids+=("$p"); fi
  done
  # the pid files, in case an environment could not be read
  local f
  for f in "$HOLDER_PID_FILE" "$CONTAINERD_PID_FILE" "$DOCKERD_PID_FILE"; do
    p="$(cat "$f" 2>/dev/null || true)"
    pid_alive "$p" && pids+=("$p")
  done
  printf '%s\n' "${pids[@]}" | sort -un | tr '\n' ' '
}

# All descendants of the given pids, not the pids themselves.
descendant_pids() {
  [ $# -gt 0 ] || return 0
  awk -v roots=" $* " '
    { ppid[$1] = $2 }
    END {
      n = split(roots, r, " "); for (i = 1; i <= n; i++) inset[r[i]] = 1
      changed = 1
      while (changed) {
        changed = 0
        for (p in ppid) if (!(p in inset) && !(p in out) && ((ppid[p] in inset) || (ppid[p] in out))) { out[p] = 1; changed = 1 }
      }
      for (p in out) printf "%s ", p
    }' < <(for s in /proc/[0-9]*/stat; do
      # pid and ppid; comm (field 2) may hold spaces, so cut after the last ")"
      line="$(cat "$s" 2>/dev/null)" || continue
      rest="${line##*) }"
      set -- $rest
      echo "${line%% *} $2"
    done)
}

# Every process in the suite's cgroups (any hierarchy): container processes
# whose shim is gone (a testbed killed mid-way) are no daemon's descendants,
# yet still hold the cgroups down.sh must remove.
cgroup_pids() {
  local hierarchy dir
  for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    dir="$hierarchy$CGROUP_PARENT"
    [ -d "$dir" ] || continue
    find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null || true
  done | sort -un | tr '\n' ' '
}

# Thaws the suite's frozen cgroups (a checkpoint killed mid-dump can leave one
# FROZEN): a frozen process never acts on SIGKILL, so down.sh thaws first.
thaw_cgroups() {
  local f
  for f in $(find "/sys/fs/cgroup/freezer/$CGROUP_PARENT" -name freezer.state 2>/dev/null); do
    echo THAWED >"$f" 2>/dev/null || true
  done
  for f in $(find "/sys/fs/cgroup/$CGROUP_PARENT" -name cgroup.freeze 2>/dev/null); do
    echo 0 >"$f" 2>/dev/null || true
  done
}
