#!/usr/bin/env bash
# Sets up what proofbook's lessons need on Debian/Ubuntu, and does nothing that
# is already done (run it as often as you like):
#   - the Docker engine (docker.io), gVisor (runsc), a static busybox
#     (busybox-static: proofbook's offline base image) and jq, when missing;
#   - runsc registered in /etc/docker/daemon.json with --network=none, merged
#     into the file's other settings, which are kept as they are;
#   - the engine (re)loaded or started — with systemd when it runs the machine,
#     by hand (`dockerd --bridge=none --iptables=false`) when not — and waited
#     for until it answers with both runtimes, runc and runsc.
#
# Usage: sudo scripts/setup-engine.sh [--merge-only]
#   --merge-only   only merge runsc into daemon.json: no install, no engine (tests)
# Environment:
#   PROOFBOOK_DAEMON_JSON   the daemon.json to merge into (default /etc/docker/daemon.json)
#   PROOFBOOK_DOCKERD_LOG   log of a dockerd this script starts (default /var/log/proofbook-dockerd.log)
#   PROOFBOOK_DOCKERD_PIDFILE  pidfile of the dockerd it may reload or restart (default /var/run/docker.pid)
#   PROOFBOOK_DOCKERD_ARGS  more arguments for a dockerd started by hand; with it set, systemd is never
#                           used (tests run a private engine: own -H socket, --data-root, --exec-root)
# The docker CLI it asks follows DOCKER_HOST as usual.
set -euo pipefail

daemon_json=${PROOFBOOK_DAEMON_JSON:-/etc/docker/daemon.json}
dockerd_log=${PROOFBOOK_DOCKERD_LOG:-/var/log/proofbook-dockerd.log}
pidfile=${PROOFBOOK_DOCKERD_PIDFILE:-/var/run/docker.pid}
extra_args=${PROOFBOOK_DOCKERD_ARGS:-}
merge_only=0
case "${1:-}" in
  --merge-only) merge_only=1 ;;
  "") ;;
  *) echo "usage: $0 [--merge-only]" >&2; exit 2 ;;
esac

say() { echo "setup-engine: $*"; }
die() { echo "setup-engine: $*" >&2; exit 1; }

if [ "$merge_only" = 0 ] && [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || die "run me as root (no sudo here)"
  exec sudo --preserve-env=PROOFBOOK_DAEMON_JSON,PROOFBOOK_DOCKERD_LOG,PROOFBOOK_DOCKERD_PIDFILE,PROOFBOOK_DOCKERD_ARGS,DOCKER_HOST bash "$0" "$@"
fi

static_busybox() { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }

install_missing() {
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v runsc >/dev/null || need+=(runsc)
  static_busybox || need+=(busybox-static)
  command -v jq >/dev/null || need+=(jq)
  if [ ${#need[@]} -eq 0 ]; then
    say "installed already: docker.io, runsc, busybox-static, jq"
    return
  fi
  say "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
}

# Prints 1 when daemon.json was changed, 0 when runsc was already registered as wanted.
merge_daemon_json() {
  command -v jq >/dev/null || die "jq is needed to merge $daemon_json (apt-get install jq)"
  local runsc current merged
  runsc=$(command -v runsc || echo /usr/bin/runsc)
  current='{}'
  if [ -s "$daemon_json" ]; then
    current=$(cat "$daemon_json")
    jq -e 'type == "object"' >/dev/null 2>&1 <<<"$current" \
      || die "$daemon_json is not a JSON object; fix it by hand, nothing was changed"
  fi
  # Keep every other setting, and an existing runsc path that still exists;
  # add --network=none to runsc's arguments unless it is there.
  merged=$(jq --arg path "$runsc" --argjson keep "$([ -n "$(existing_runsc_path "$current")" ] && echo true || echo false)" '
    .runtimes = (.runtimes // {})
    | .runtimes.runsc = (.runtimes.runsc // {})
    | .runtimes.runsc.path = (if $keep then .runtimes.runsc.path else $path end)
    | .runtimes.runsc.runtimeArgs = ((.runtimes.runsc.runtimeArgs // [])
        | if index(["--network=none"]) then . else . + ["--network=none"] end)
  ' <<<"$current")
  if [ "$(jq -S . <<<"$current")" = "$(jq -S . <<<"$merged")" ]; then
    echo 0
    return
  fi
  mkdir -p "$(dirname "$daemon_json")"
  [ -f "$daemon_json" ] && cp -p "$daemon_json" "$daemon_json.before-proofbook"
  printf '%s\n' "$merged" >"$daemon_json.tmp"
  mv "$daemon_json.tmp" "$daemon_json"
  echo 1
}

# The runsc path daemon.json already names, when that file is there.
existing_runsc_path() {
  local p
  p=$(jq -r '.runtimes.runsc.path // empty' <<<"$1")
  [ -n "$p" ] && [ -x "$p" ] && echo "$p" || true
}

engine_up() { timeout 5 docker version >/dev/null 2>&1; }
runtimes() { docker info --format '{{range $name, $_ := .Runtimes}}{{$name}} {{end}}' 2>/dev/null || true; }
both_runtimes() { local r; r=" $(runtimes)"; [[ "$r" == *" runc "* && "$r" == *" runsc "* ]]; }
with_systemd() { [ -z "$extra_args" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

wait_for() { # wait_for SECONDS CHECK
  local i
  for i in $(seq 1 "$1"); do "$2" && return 0; sleep 1; done
  return 1
}

old_pid=
old_dockerd_gone() { ! kill -0 "$old_pid" 2>/dev/null; }

# The dockerd named by the pidfile, if that process is a dockerd.
known_dockerd() {
  local pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] && echo "$pid" || true
}

start_by_hand() {
  say "starting dockerd by hand (log: $dockerd_log)"
  # shellcheck disable=SC2086 # extra_args is a list of arguments
  setsid dockerd --config-file "$daemon_json" --pidfile "$pidfile" --bridge=none --iptables=false $extra_args \
    >>"$dockerd_log" 2>&1 </dev/null &
  started_pid=$!
}

started_pid=
# Up, or the dockerd started by hand has already exited (no use waiting longer).
up_or_gone() { engine_up || { [ -n "$started_pid" ] && ! kill -0 "$started_pid" 2>/dev/null; }; }

start_engine() {
  if with_systemd; then
    say "starting the engine: systemctl enable --now docker"
    systemctl enable --now docker
  else
    start_by_hand
  fi
  wait_for 60 up_or_gone && engine_up || { tail -30 "$dockerd_log" 2>/dev/null || true; die "the engine did not answer (log above)"; }
}

# The engine runs but without runsc as daemon.json now has it: reload its configuration (SIGHUP: running
# containers are not touched), and restart it only if that was not enough.
reload_engine() {
  local pid
  if with_systemd; then
    say "reloading the engine's configuration: systemctl reload docker"
    systemctl reload docker || true
    wait_for 10 both_runtimes && return
    say "restarting the engine: systemctl restart docker"
    systemctl restart docker
    return
  fi
  pid=$(known_dockerd)
  [ -n "$pid" ] || die "the running engine lacks runsc and its dockerd is not in $pidfile: restart it yourself so it reads $daemon_json"
  say "reloading the configuration of dockerd $pid (SIGHUP)"
  kill -HUP "$pid"
  wait_for 10 both_runtimes && return
  say "restarting dockerd $pid"
  kill "$pid"
  old_pid=$pid
  wait_for 30 old_dockerd_gone || die "dockerd $pid did not stop within 30 s"
  start_by_hand
}

main() {
  local changed
  [ "$merge_only" = 1 ] || install_missing
  changed=$(merge_daemon_json)
  if [ "$changed" = 1 ]; then say "runsc merged into $daemon_json"; else say "$daemon_json unchanged"; fi
  [ "$merge_only" = 0 ] || return 0
  if ! engine_up; then
    start_engine
  elif [ "$changed" = 1 ] || ! both_runtimes; then
    reload_engine
  else
    say "the engine answers with runc and runsc: left as it is"
  fi
  wait_for 60 both_runtimes || die "the engine answers but not with both runc and runsc: $(runtimes)"
  say "ready: $(docker version --format 'Docker {{.Server.Version}}') with runtimes $(runtimes)(dockerd $(known_dockerd))"
}

main
