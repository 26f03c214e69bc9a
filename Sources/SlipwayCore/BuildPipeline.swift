import BuildSpec
import History
import Masking
import Platform
import Runner

/// The stages of one build, from a claimed run to a recorded result and a report:
/// source → buildspec → environment and secrets → phases (with the image plan between BUILD and
/// POST_BUILD) → exported variables → changes → report → history → publishing.
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
    package func execute(_ run: RunRecord, shouldStop: @escaping () -> Bool = { false }) -> RunStatus {
        let paths = RunPaths(settings: context.settings, run: run)
        var state = RunState(run: run)
        let log: LogWriter
        do {
            log = try LogWriter(path: paths.log, terminal: context.terminal)
        } catch {
            state.status = .fault
            state.failure = "could not create the log file \(paths.log): \(error)"
            return finish(&state, paths: paths, log: nil)
        }
        let container = ContainerLog(sink: log)
        container.line("Slipway build #\(run.id) of \(run.branch) at \(run.newSha)")
        container.line("CODEBUILD_SRC_DIR=\(paths.sourceDirectory)")
        do {
            try prepareSource(&state, paths: paths, log: container)
            let spec = try loadBuildSpec(&state, log: container)
            try runBuild(spec: spec, state: &state, paths: paths, log: log, shouldStop: shouldStop)
        } catch let error as PipelineError {
            fail(&state, error, log: container)
        } catch let failure as SecretResolutionFailure {
            state.status = .failed
            state.failure = failure.message
            container.line("Phase context status code: SECRETS_ERROR Message: \(failure.message)")
        } catch {
            state.status = .fault
            state.failure = "Slipway could not run the build: \(error)"
            container.line("Build fault: \(error)")
        }
        return finish(&state, paths: paths, log: log)
    }

    private func fail(_ state: inout RunState, _ error: PipelineError, log: ContainerLog) {
        switch error {
        case .commitMissing, .checkoutFailed, .invalidSha:
            state.status = .fault
        default:
            state.status = .failed
        }
        state.failure = error.description
        log.line("Build \(state.status.rawValue): \(error.description)")
    }
}
