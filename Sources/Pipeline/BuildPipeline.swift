import BuildSpec
import Platform
import Runner
import Secrets
import Settings
import SlipwayModel

/// The Pipeline module: one run, from a claimed run to a finished result.
///
/// The stages are source (the exact commit, checked out) → buildspec (that commit's) →
/// environment and secrets → the build, handed to a `BuildExecutor` as a `PreparedBuild`
/// (phases in CodeBuild's order, with the image plan as a host step between BUILD and
/// POST_BUILD) → `RunFinisher`, the one place a run ends: history row, report, log tail,
/// CHANGELOG.md, git note and webhooks. Secrets live in one `RunSecrets` set the pipeline owns
/// and hands to the log writer, the image publisher and the finisher.
///
/// `execute` never throws: whatever happens, the run ends with a status, its log and a report,
/// and its history row is finished. A bad buildspec is FAILED with the problem and its line; a
/// problem of Slipway's own (a missing commit, a full disk) is FAULT.
package final class BuildPipeline {
    let context: PipelineContext

    package init(context: PipelineContext) {
        self.context = context
    }

    /// Builds `run` (already IN_PROGRESS) and returns its final status. `shouldStop` is polled
    /// while commands run; returning true stops the build (STOPPED).
    @discardableResult
    package func execute(_ run: ClaimedRun, shouldStop: @escaping () -> Bool = { false }) -> RunStatus {
        let paths = RunPaths(settings: context.settings, run: run)
        var result = RunResult(run: run)
        let secrets = RunSecrets(values: context.secrets.repositorySecretValues())
        let finisher = RunFinisher(context: context)
        let log: LogWriter
        do {
            // Space for the run's record first: a build that fills the disk can still be recorded.
            try DiskSpace.reserve(paths.reserve)
            log = try LogWriter(path: paths.log, secrets: secrets, terminal: context.terminal, maxBytes: context.settings.logMaxBytes)
        } catch {
            result.status = .fault
            result.failure = SpaceFault.cannotStart(error, paths: paths)
            return finisher.finish(result, log: nil)
        }
        result.logPath = paths.log
        let container = ContainerLog(sink: log)
        container.line("Slipway build #\(run.id) of \(run.branch) at \(run.newSha)")
        container.line("CODEBUILD_SRC_DIR=\(paths.sourceDirectory)")
        // A log that cannot be written (a full disk) stops the build like a cancel, then ends it as FAULT.
        let stop = { shouldStop() || log.stopped?.endsRun == true }
        do {
            try prepareSource(&result, paths: paths, log: container, secrets: secrets)
            let spec = try loadBuildSpec(&result, log: container)
            try runBuild(spec: spec, result: &result, paths: paths, log: log, shouldStop: stop)
        } catch let error as PipelineError {
            fail(&result, error, log: container)
        } catch let failure as SecretResolutionFailure {
            result.status = .failed
            result.failure = failure.message
            container.line("Phase context status code: SECRETS_ERROR Message: \(failure.message)")
        } catch {
            result.status = .fault
            result.failure = "Slipway could not run the build: \(error)"
            container.line("Build fault: \(error)")
        }
        if let stopped = log.stopped {
            SpaceFault.apply(stopped, to: &result, log: log, paths: paths)
        }
        return finisher.finish(result, log: log)
    }

    private func fail(_ result: inout RunResult, _ error: PipelineError, log: ContainerLog) {
        switch error {
        case .commitMissing, .checkoutFailed, .invalidSha:
            result.status = .fault
        default:
            result.status = .failed
        }
        result.failure = error.description
        log.line("Build \(result.status.rawValue): \(error.description)")
    }
}
