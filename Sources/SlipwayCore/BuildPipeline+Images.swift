import History
import Masking
import Platform
import Runner

extension BuildPipeline {
    /// IMAGES: the image plan, run only when the BUILD phase succeeded.
    func runImagePlan(_ state: inout RunState, paths: RunPaths, environment: [String: String], session: BuildSession,
                      log: LogWriter) -> PhaseRecord? {
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
        // Names may use variables the build set: read them as the BUILD phase left them.
        let referenced = context.settings.images.images.flatMap { definition in
            VariableExpansion.referencedNames(in: definition.name)
                + definition.buildArguments.flatMap { VariableExpansion.referencedNames(in: $0.value) }
        }
        let current = session.variables(named: Array(Set(referenced)))
        let result = images.publish(run: state.run, workDirectory: paths.workDirectory,
                                    lookup: { current[$0] ?? environment[$0] }, log: log)
        state.images = result.images
        state.warnings += result.warnings
        let status: BuildStatus = result.failure == nil ? .succeeded : .failed
        container.line("Phase complete: IMAGES State: \(status.rawValue)")
        if let failure = result.failure {
            container.line("Phase context status code: IMAGE_PLAN_ERROR Message: \(failure)")
            state.failure = "The image plan failed: \(failure)"
        }
        return PhaseRecord(name: "IMAGES", status: status, exitCode: result.failure == nil ? 0 : 1, startedAt: started,
                           finishedAt: Clock.nowMilliseconds(), context: result.failure.map { "IMAGE_PLAN_ERROR: \($0)" })
    }
}
