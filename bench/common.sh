# Shared by the bench scripts (sourced): installing Debian tools without starting their services, and stopping every
# process a script started, by PID, when it ends. The sourcing script defines log().

# Installs the given Debian packages if missing. Their service must not start on its default port (nginx on 80): only the
# bench scripts start these servers, on ports of their own.
install_packages() { # package...
  [[ $# -eq 0 ]] && return 0
  log "installing $* from Debian"
  local policy=/usr/sbin/policy-rc.d created=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
  [[ $created == 1 ]] && rm -f "$policy"
  return 0
}

# Every process the script starts goes into PIDS; on exit each gets SIGTERM, then SIGKILL after 30 s.
PIDS=()
stop_started() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_started EXIT INT TERM
