import Platform
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The server's files a build must never change, with their bytes (refs as git lists them).
func snapshot(_ fixture: PushFixture) throws -> [String: String] {
    var files: [String: String] = [:]
    for name in ["slipway.yml", "hooks/post-receive", "config", "HEAD", "packed-refs", "slipway/secrets/store.json", "slipway/logs/1.log"] {
        let path = fixture.bare + "/" + name
        files[name] = fileExists(path) ? String(decoding: try readWholeFile(path), as: UTF8.self) : "(absent)"
    }
    // The server user's own engine credentials: a build's `docker login` must never land there.
    let dockerConfig = (ProcessEnvironment.current()["HOME"] ?? "/root") + "/.docker/config.json"
    files["~/.docker/config.json"] = fileExists(dockerConfig) ? String(decoding: try readWholeFile(dockerConfig), as: UTF8.self) : "(absent)"
    // refs/notes/slipway is Slipway's own (the finisher adds each run's report to it), and the
    // test's own push moves main: every other ref must stay as it was.
    files["refs"] = try git("for-each-ref", "--format=%(refname) %(objectname)", in: fixture.bare)
        .split(separator: "\n").filter { !$0.hasPrefix("refs/notes/slipway ") && !$0.hasPrefix("refs/heads/main ") }
        .joined(separator: "\n")
    return files
}

/// Processes on the host whose command line is exactly `words`.
func hostProcesses(_ words: [String]) -> [String] {
    let wanted = words.joined(separator: "\0") + "\0"
    return ((try? listDirectory("/proc")) ?? []).filter { $0.allSatisfy(\.isNumber) }.filter { pid in
        (try? readWholeFile("/proc/\(pid)/cmdline")).map { String(decoding: $0, as: UTF8.self) == wanted } ?? false
    }
}

/// A buildspec that tries every escape the issue names; each success prints an ESCAPE line.
/// `touchesHome` false leaves `~/.docker` alone (an unisolated build would write the real one).
func attack(bare: String, hostHome: String, tag: String, sleeps: Int, touchesHome: Bool = true) -> String {
    """
    version: 0.2
    phases:
      build:
        commands:
          - cat \(bare)/slipway/secrets/store.json && echo "ESCAPE read the secret store" || true
          - head -c 16 \(bare)/slipway/history.sqlite >/dev/null && echo "ESCAPE read the history database" || true
          - grep -h other-run-marker \(bare)/slipway/logs/1.log && echo "ESCAPE read another run's log" || true
          - test -f \(bare)/slipway.yml && echo "# appended by a build" >> \(bare)/slipway.yml && echo "ESCAPE wrote slipway.yml" || true
          - test -f \(bare)/hooks/post-receive && echo "touch /tmp/pwned-\(tag)" >> \(bare)/hooks/post-receive && echo "ESCAPE wrote a hook" || true
          - git --git-dir=\(bare) update-ref refs/heads/evil-\(tag) HEAD && echo "ESCAPE created a ref" || true
          - ls \(hostHome) >/dev/null 2>&1 && echo "ESCAPE saw the server user's HOME" || true
          - unshare -U true 2>/dev/null && echo "ESCAPE made a user namespace" || true
          - grep -q '^root:' /etc/shadow 2>/dev/null && echo "ESCAPE read /etc/shadow" || true
          - env | grep -q SLIPWAY_TEST_SERVER_ONLY && echo "ESCAPE saw the server's environment" || true
          - test -n "$DOCKER_CONFIG" && mkdir -p "$DOCKER_CONFIG" && echo '{"auths":{"r.example":{"auth":"dXNlcjpwYXNz"}}}' > "$DOCKER_CONFIG/config.json" || true
          - \(touchesHome ? "mkdir -p ~/.docker && echo '{\"auths\":{}}' > ~/.docker/config.json || true" : "echo home left alone")
          - echo "home $HOME"
          - setsid sleep \(sleeps) >/dev/null 2>&1 &
          - (setsid env -i sleep \(sleeps + 1) >/dev/null 2>&1 &) ; echo double-forked
          - git log --oneline -1 && echo "git log works"
    """
}
