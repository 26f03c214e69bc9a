import Platform
@testable import Runner
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Build session: one shell per command, state carried forward")
struct BuildSessionTests {
    @Test("cd and plain assignments carry to the next command")
    func carriesDirectoryAndVariables() throws {
        let fixture = try SessionFixture()
        try makeDirectories(fixture.scratch.file("src/sub"))
        let outcomes = fixture.run("cd sub", "GREETING=hello", "echo \"$GREETING from $(basename \"$PWD\")\"")
        #expect(outcomes == [.exited(0), .exited(0), .exited(0)])
        #expect(fixture.sink.text == "hello from sub\n")
    }

    @Test("unset in one command stays unset in the next")
    func unsetSticks() throws {
        let fixture = try SessionFixture(environment: ["DOOMED": "yes"])
        fixture.run("echo before=${DOOMED-unset}", "unset DOOMED", "echo after=${DOOMED-unset}")
        #expect(fixture.sink.text == "before=yes\nafter=unset\n")
    }

    @Test("state is saved even when a command calls exit")
    func exitStillSaves() throws {
        let fixture = try SessionFixture()
        let outcomes = fixture.run("KEPT=1; exit 0", "echo kept=$KEPT")
        #expect(outcomes == [.exited(0), .exited(0)])
        #expect(fixture.sink.text == "kept=1\n")
    }

    @Test("values with quotes, newlines and dollars survive the round trip")
    func awkwardValues() throws {
        let fixture = try SessionFixture()
        fixture.run("V='it'\\''s $HOME \"q\"\nline2'", "printf '%s|' \"$V\"")
        #expect(fixture.sink.text == "it's $HOME \"q\"\nline2|")
    }

    @Test("version 0.1 runs every command in a fresh shell")
    func version01DoesNotCarry() throws {
        let fixture = try SessionFixture(carriesState: false)
        try makeDirectories(fixture.scratch.file("src/sub"))
        fixture.run("cd sub; X=1", "echo \"x=${X-unset} dir=$(basename \"$PWD\")\"")
        #expect(fixture.sink.text == "x=unset dir=src\n")
    }

    @Test("a multi-line block fails only by its last line, as without set -e")
    func blockStatusIsLastLine() throws {
        let fixture = try SessionFixture()
        let outcomes = fixture.run("false\ntrue", "true\nexit 3")
        #expect(outcomes == [.exited(0), .exited(3)])
    }

    @Test("stdout and stderr keep their order in one stream")
    func interleavesInOrder() throws {
        let fixture = try SessionFixture()
        fixture.run("echo one; echo two >&2; echo three; echo four >&2")
        #expect(fixture.sink.text == "one\ntwo\nthree\nfour\n")
    }

    @Test("bash is used when asked, with its own syntax")
    func bashShell() throws {
        let fixture = try SessionFixture(shell: "/bin/bash")
        let outcomes = fixture.run("S=abcdefghij", "[[ ${S:0:3} == abc ]] && echo bash-ok")
        #expect(outcomes == [.exited(0), .exited(0)])
        #expect(fixture.sink.text == "bash-ok\n")
    }

    @Test("a background job survives its command and is killed when the build ends")
    func backgroundJobs() throws {
        let fixture = try SessionFixture()
        let pidFile = fixture.scratch.file("bg.pid")
        fixture.run("nohup sh -c 'sleep 60' >/dev/null 2>&1 & echo $! > \(pidFile)", "sleep 0.1")
        let pid = try #require(pid_t(try readTextFile(pidFile).filter { !$0.isNewline }))
        #expect(ProcessGroups.isRunning(pid), "the background job should outlive its command")
        fixture.session.close()
        Clock.sleep(milliseconds: 100)
        #expect(!ProcessGroups.isRunning(pid), "the background job must be killed with the build")
        #expect(ProcessGroups.processes(withEnvironmentEntry: "SLIPWAY_RUN_TOKEN=\(fixture.marker)").isEmpty)
    }

    @Test("a timeout kills the whole process tree")
    func timeoutKillsTree() throws {
        let fixture = try SessionFixture(timeoutMilliseconds: 800)
        let pidFile = fixture.scratch.file("child.pid")
        let started = Clock.monotonicMilliseconds()
        let outcomes = fixture.run("sh -c 'sleep 30 & echo $! > \(pidFile); wait'")
        #expect(outcomes == [.timedOut])
        #expect(Clock.monotonicMilliseconds() - started < 5000)
        let pid = try #require(pid_t(try readTextFile(pidFile).filter { !$0.isNewline }))
        Clock.sleep(milliseconds: 100)
        #expect(!ProcessGroups.isRunning(pid), "the grandchild sleep must be gone after a timeout")
    }

    @Test("a stop request ends the running command")
    func stopRequest() throws {
        let start = Clock.monotonicMilliseconds()
        let fixture = try SessionFixture(shouldStop: { Clock.monotonicMilliseconds() - start > 300 })
        let outcomes = fixture.run("sleep 20")
        #expect(outcomes == [.stopped])
    }

    @Test("exported variables are read back with their final values")
    func readsVariables() throws {
        let fixture = try SessionFixture()
        fixture.run("A=first", "A=\"$A second\"; export B=b")
        #expect(fixture.session.variables(named: ["A", "B", "MISSING"]) == ["A": "first second", "B": "b"])
    }

    @Test("a removed working directory falls back to the source directory")
    func removedDirectory() throws {
        let fixture = try SessionFixture()
        try makeDirectories(fixture.scratch.file("src/gone"))
        let outcomes = fixture.run("cd gone", "rmdir \"$PWD\"", "basename \"$(pwd)\"")
        #expect(outcomes == [.exited(0), .exited(0), .exited(0)])
        #expect(fixture.sink.text.hasSuffix("src\n"))
    }

    @Test("heavy output goes through the relay thread whole and in order, before the next command's")
    func heavyOutputRelayed() throws {
        let fixture = try SessionFixture()
        var expected: [UInt8] = []
        for line in 0..<400_000 { expected += Array("line \(line) of the heavy output\n".utf8) }
        let file = fixture.scratch.file("heavy.txt")
        try writeTextFileAtomically(file, String(decoding: expected, as: UTF8.self))
        // dd writes 900 KiB per write(2), which the pipe takes whole: the reader sees reads of
        // more than half its buffer, the relay's trigger.
        let outcomes = fixture.run("dd if=\(file) bs=900k status=none; echo tail", "echo next")
        #expect(outcomes == [.exited(0), .exited(0)])
        #expect(fixture.session.relayedCommands == 1, "only the heavy command is relayed")
        #expect(fixture.sink.bytes == expected + Array("tail\nnext\n".utf8))
    }

    /// Counts bytes without keeping them.
    final class CountingSink: OutputSink, @unchecked Sendable {
        var count = 0
        func write(_ chunk: UnsafeRawBufferPointer) { count += chunk.count }
    }

    @Test("endless heavy output through the relay is still ended by the timeout, and by a stop request")
    func endlessHeavyOutput() throws {
        // dd writes 900 KiB per write(2), so the relay starts for certain (see heavyOutputRelayed).
        let timed = CountingSink()
        let started = Clock.monotonicMilliseconds()
        let timedOut = try SessionFixture(timeoutMilliseconds: 700, output: timed)
        #expect(timedOut.run("dd if=/dev/zero bs=900k status=none") == [.timedOut])
        #expect(Clock.monotonicMilliseconds() - started < 5000)
        #expect(timedOut.session.relayedCommands == 1)
        #expect(timed.count > 1 << 20)

        let stopped = CountingSink()
        let stopAt = Clock.monotonicMilliseconds() + 500
        let stopping = try SessionFixture(output: stopped, shouldStop: { Clock.monotonicMilliseconds() > stopAt })
        #expect(stopping.run("dd if=/dev/zero bs=900k status=none") == [.stopped])
        #expect(stopping.session.relayedCommands == 1)
    }
}
