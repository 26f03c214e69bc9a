/// The agent a build container runs as its main process (PID 1): a POSIX shell script, so any
/// image with a shell works, that runs the session's commands one at a time on request.
///
/// It talks to the runner through four named pipes in the session's directory (bound into the
/// container at the same path):
/// - `requests`: the runner writes `run` (start `command.sh`, output to `output`), `read` (start
///   `read.sh`, output to `read.out`) or `own UID:GID` (give the checkout back to the runner's
///   user, when the container's root made files there that the runner could not remove);
/// - `status`: the agent answers `ready UID GID` once, then `exit N` after each request, or
///   `noshell` / `noenv` when the image lacks the build's shell or `env`;
/// - `output`: every command's stdout and stderr, held open by the runner for the whole build
///   (background jobs keep writing into the log, as on the host);
/// - `lifeline`: never written; when the runner dies, the kernel closes its end and the agent
///   ends the container (a `kill -9` of the worker leaves nothing running).
///
/// Commands start with `env -i` and only the run's marker: their variables come from the
/// carried state file (the image's own environment is in `base.sh`, written at start), so an
/// `unset` in one command stays unset in the next. SIGUSR1 and SIGUSR2 ask the agent to send
/// SIGTERM and SIGKILL to every process in the container but itself and its watcher (a timeout,
/// a stop); SIGHUP and SIGTERM end the container. Only a PID 1 does that: outside a container's
/// own PID namespace the agent signals nothing.
enum AgentScript {
    /// The script, run as `sh -c SCRIPT slipway-agent STATE_DIRECTORY SHELL MARKER=VALUE SOURCE_DIRECTORY`.
    static let text = """
    S=$1; SH=$2; T=$3; SRC=$4
    unset PWD OLDPWD
    exec 3<"$S/requests" 5>"$S/status"
    [ -x "$SH" ] || { echo noshell >&5; exit 0; }
    command -v env >/dev/null 2>&1 || { echo noenv >&5; exit 0; }
    exec 4>"$S/output"
    u=; g=
    while read -r k a _; do case $k in Uid:) u=$a;; Gid:) g=$a;; esac; done </proc/self/status
    export -p > "$S/base.sh"
    ( exec 3<&- 4>&- 5>&-; while read -r _; do :; done <"$S/lifeline"; kill -HUP 1 ) &
    w=$!
    end() { [ "$$" = 1 ] || return 0; for p in /proc/[0-9]*; do p=${p#/proc/}; [ "$p" = 1 ] || [ "$p" = "$w" ] || kill "-$1" "$p" 2>/dev/null; done; }
    trap 'i=1; end TERM' USR1
    trap 'i=1; end KILL' USR2
    trap 'end KILL; exit 0' HUP TERM
    echo "ready $u $g" >&5
    while read -r kind arg <&3; do
      i=0
      case $kind in
        run) ( trap - INT QUIT; exec env -i "$T" "$SH" "$S/command.sh" </dev/null >&4 2>&4 3<&- 4>&- 5>&- ) & ;;
        read) ( exec env -i "$T" "$SH" "$S/read.sh" </dev/null >"$S/read.out" 2>/dev/null 3<&- 4>&- 5>&- ) & ;;
        own) ( exec chown -R "$arg" "$S" "$SRC" </dev/null >/dev/null 2>&1 3<&- 4>&- 5>&- ) & ;;
        *) continue ;;
      esac
      c=$!
      wait "$c"; st=$?
      while [ "$i" = 1 ]; do i=0; wait "$c"; st=$?; done
      echo "exit $st" >&5
    done
    end KILL
    """

    /// The guard a container command starts with: the runner cannot look at every directory
    /// the build sees, so the script moves to the carried directory itself, or says it is gone
    /// (`notice`, a `[Container]` line) and starts in the checkout.
    static func changeDirectory(to directory: String, fallback: String, notice: String) -> String {
        "cd -- \(shellQuoted(directory)) 2>/dev/null || { printf '%s' \(shellQuoted(notice)); cd -- \(shellQuoted(fallback)); }\n"
    }
}
