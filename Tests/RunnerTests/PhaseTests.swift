import BuildSpec
import CSupport
import Platform
@testable import Runner
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Phases: CodeBuild's log lines and transitions")
struct PhaseTests {
    @Test("a failing command skips the rest, runs finally, and logs CodeBuild's lines")
    func failingCommand() throws {
        let fixture = try SessionFixture()
        let record = fixture.phase(.build, ["echo a", "exit 2", "echo never"], finally: ["echo cleanup $CODEBUILD_BUILD_SUCCEEDING"])
        #expect(record.status == .failed)
        #expect(record.exitCode == 2)
        #expect(record.failedCommand == "exit 2")
        #expect(record.failedCommandLine == 2)
        let text = fixture.sink.text
        #expect(text.contains("Entering phase BUILD"))
        #expect(text.contains("Running command echo a\na\n"))
        #expect(text.contains("Command did not exit successfully exit 2 exit status 2"))
        #expect(!text.contains("never"))
        #expect(text.contains("cleanup 0\n"))
        #expect(text.contains("Phase complete: BUILD State: FAILED"))
        #expect(text.contains("Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: exit 2. Reason: exit status 2"))
    }

    @Test("a failing finally fails a phase whose commands passed")
    func failingFinally() throws {
        let fixture = try SessionFixture()
        let record = fixture.phase(.postBuild, ["true"], finally: ["false", "echo after"])
        #expect(record.status == .failed)
        #expect(record.exitCode == 1)
        #expect(!fixture.sink.text.contains("after\n"))
    }

    @Test("default transitions: install and pre_build failures end the build, build failures do not")
    func defaultTransitions() {
        var afterPreBuild = PhaseTransitions()
        afterPreBuild.record("PRE_BUILD", status: .failed, onFailure: nil)
        #expect(afterPreBuild.skipReason() == "PRE_BUILD failed")
        #expect(afterPreBuild.succeeding == false)

        var afterInstall = PhaseTransitions()
        afterInstall.record("INSTALL", status: .failed, onFailure: nil)
        #expect(afterInstall.skipReason() != nil)

        var afterBuild = PhaseTransitions()
        afterBuild.record("BUILD", status: .failed, onFailure: nil)
        #expect(afterBuild.skipReason() == nil)
        #expect(afterBuild.succeeding == false)
        #expect(afterBuild.status == .failed)
    }

    @Test("on-failure overrides the default in both directions")
    func explicitOnFailure() {
        var aborted = PhaseTransitions()
        aborted.record("BUILD", status: .failed, onFailure: .abort)
        #expect(aborted.skipReason() == "BUILD failed")

        var continued = PhaseTransitions()
        continued.record("PRE_BUILD", status: .failed, onFailure: .continue)
        #expect(continued.skipReason() == nil)
        continued.record("BUILD", status: .succeeded, onFailure: nil)
        #expect(continued.succeeding == false, "CONTINUE does not bring CODEBUILD_BUILD_SUCCEEDING back to 1")
        #expect(continued.status == .failed)
    }

    @Test("a timeout ends the build with TIMED_OUT")
    func timeoutTransition() {
        var transitions = PhaseTransitions()
        transitions.record("BUILD", status: .timedOut, onFailure: .continue)
        #expect(transitions.status == .timedOut)
        #expect(transitions.skipReason() == "BUILD timed out")
    }
}

@Suite("Sandbox failures say what to fix")
struct SandboxDiagnosisTests {
    @Test("bubblewrap's own words map to the fix: user namespaces, a masked /proc, anything else")
    func diagnoses() {
        let userns = SandboxError.diagnose("bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces.")
        #expect(userns.description.contains("sysctl kernel.unprivileged_userns_clone"))
        let proc = SandboxError.diagnose("bwrap: Can't mount proc on /newroot/proc: Operation not permitted")
        #expect(proc.description.contains("systempaths=unconfined") && proc.description.contains("build.isolation: none"))
        let other = SandboxError.diagnose("bwrap: something else\nsecond line")
        #expect(other == .cannotStart("bwrap: something else"))
    }
}

@Suite("Looking at a build's paths from the host")
struct PathInRootTests {
    @Test("links resolve inside the sandbox's root, never against the host's: a planted link cannot probe the host")
    func linksStayInside() throws {
        let scratch = ScratchDirectory("inroot")
        let root = scratch.file("root")
        try makeDirectories(root + "/real/deeper")
        #expect(symlink("/etc", root + "/absolute") == 0, "an absolute link to a directory the host has, the root has not")
        #expect(symlink("real", root + "/relative") == 0)
        #expect(isDirectory(root + "/absolute"), "the host itself would follow it to its /etc")
        #expect(slipway_is_directory_in_root(root, "/real/deeper") == 1)
        #expect(slipway_is_directory_in_root(root, "/relative/deeper") == 1)
        #expect(slipway_is_directory_in_root(root, "/absolute") == 0)
        #expect(slipway_is_directory_in_root(root, "/../../etc") == 0, "'..' stops at the root")
        #expect(slipway_is_directory_in_root(root, "/missing") == 0)
    }
}
