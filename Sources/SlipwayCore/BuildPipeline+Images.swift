import History
import Masking
import Platform
import Runner

extension BuildPipeline {
    /// IMAGES: the image plan, run only when the BUILD phase succeeded.
    func runImagePlan(_ state: inout RunState, paths: RunPaths, environment: [String: String], log: LogWriter,
                      masker: SecretMasker) -> PhaseRecord? {
        guard let images = context.images else { return nil }
        let container = ContainerLog(sink: log)
        if let build = state.phases.first(where: { $0.name == "BUILD" }), build.status != .succeeded {
            state.imagesNote = "Images were not built: the BUILD phase \(build.status.rawValue.lowercased().replacingAll("_", with: " "))."
            container.line("Skipping the image plan: the BUILD phase did not succeed")
            state.skipped.append(("IMAGES", "the BUILD phase did not succeed"))
            return nil
        }
        let started = Clock.nowMilliseconds()
        container.line("Entering phase IMAGES")
        let result = images.publish(run: state.run, sourceDirectory: paths.sourceDirectory, variables: environment,
                                    log: log, masker: masker)
        state.images = result.images
        let status: BuildStatus = result.failure == nil ? .succeeded : .failed
        container.line("Phase complete: IMAGES State: \(status.rawValue)")
        if let failure = result.failure {
            container.line("Phase context status code: IMAGE_PLAN_ERROR Message: \(failure)")
        }
        return PhaseRecord(name: "IMAGES", status: status, exitCode: result.failure == nil ? 0 : 1, startedAt: started,
                           finishedAt: Clock.nowMilliseconds(), context: result.failure.map { "IMAGE_PLAN_ERROR: \($0)" })
    }
}
