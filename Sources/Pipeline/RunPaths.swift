import Intake
import Settings
import SlipwayModel

/// Where one run's files live.
package struct RunPaths: Sendable, Equatable {
    /// The run's own directory under the work root.
    package let workDirectory: String
    /// The checkout: CODEBUILD_SRC_DIR.
    package let sourceDirectory: String
    /// Private state of the shell session (variables carried between commands): in memory
    /// when the host allows (`SessionMemory`), else in the work directory.
    package let stateDirectory: String
    /// The private HOME of an isolated build.
    package let homeDirectory: String
    /// The log file.
    package let log: String
    /// The Markdown report.
    package let report: String
    /// The disk space kept for the run's record while it builds (`DiskSpace.reserve`).
    package let reserve: String

    package init(settings: SlipwaySettings, run: ClaimedRun) {
        let number = String(run.id)
        workDirectory = settings.paths.work + "/" + number
        sourceDirectory = workDirectory + "/src"
        stateDirectory = SessionMemory.directory.map { $0 + "/" + run.buildId } ?? workDirectory + "/session"
        homeDirectory = workDirectory + "/home"
        log = settings.paths.logs + "/" + number + ".log"
        reserve = settings.paths.state + "/reserve/" + number
        report = settings.paths.reports + "/" + ReportLocation.folder(kind: run.refKind, name: run.branch) + "/" + number + ".md"
    }
}
