import BuildSpec
import Git
import History
import Platform
import Runner
import Settings
import SlipwayModel
import YAMLSchema

extension BuildPipeline {
    /// DOWNLOAD_SOURCE: the exact pushed commit, checked out into a fresh work directory.
    func prepareSource(_ state: inout RunResult, paths: RunPaths, log: ContainerLog, secrets: RunSecrets) throws {
        let started = Clock.nowMilliseconds()
        // An annotated tag push names the tag object: the source version is the commit it tags.
        if let resolved = try? context.source.commitSha(of: state.run.newSha), resolved != state.run.newSha {
            log.line("\(state.run.ref) is an annotated tag (object \(state.run.newSha)); building its commit \(resolved)")
            try context.store.recordSourceVersion(state.run.id, sha: resolved)
            state.run.newSha = resolved
        }
        let commit: CommitSummary
        do {
            commit = try context.source.commit(state.run.newSha)
        } catch {
            throw PipelineError.commitMissing(sha: state.run.newSha, ref: state.run.ref)
        }
        state.commit = commit
        try context.store.recordStart(state.run.id, logPath: paths.log, workDir: paths.workDirectory)
        log.line("Entering phase DOWNLOAD_SOURCE")
        try? removeTree(paths.workDirectory)
        do {
            try makeDirectories(paths.workDirectory, mode: 0o755)
            try context.source.checkOut(state.run.newSha, into: paths.sourceDirectory)
        } catch {
            state.phases.append(PhaseRecord(name: "DOWNLOAD_SOURCE", status: .fault, exitCode: nil, startedAt: started,
                                            finishedAt: Clock.nowMilliseconds(), context: "CLIENT_ERROR: \(error)"))
            throw PipelineError.checkoutFailed(sha: state.run.newSha, reason: "\(error)")
        }
        // Masked here, as one text: a subject cut short in a secret is masked whole only that way.
        log.line("Checked out \(state.run.newSha) (\(secrets.mask(commit.subject)))")
        log.line("Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED")
        state.phases.append(PhaseRecord(name: "DOWNLOAD_SOURCE", status: .succeeded, exitCode: 0, startedAt: started,
                                        finishedAt: Clock.nowMilliseconds()))
    }

    /// The buildspec of the built commit (never of the branch tip at build time). Nil when the
    /// commit has none but slipway.yml has images to build.
    func loadBuildSpec(_ state: inout RunResult, log: ContainerLog) throws -> BuildSpec? {
        let path = context.settings.buildspecPath
        let found: [UInt8]?
        do {
            found = try context.source.readFile(path, at: state.run.newSha)
        } catch let error as TreeLinkError {
            markBuildspecFailure(&state, message: error.description)
            log.line("YAML_FILE_ERROR: \(error.description)")
            throw PipelineError.invalidBuildspec(path: path, diagnostics: [error.description])
        }
        guard let bytes = found else {
            if !context.settings.images.images.isEmpty {
                log.line("No \(path) in this commit; building the images of slipway.yml only")
                return nil
            }
            markBuildspecFailure(&state, message: "\(path) not found")
            throw PipelineError.noBuildspec(path: path, sha: state.run.newSha)
        }
        log.line("YAML location is \(path)")
        let result = BuildSpecLoader.load(bytes: bytes, file: path)
        for warning in result.warnings {
            state.warnings.append(warning.description)
        }
        guard let spec = result.spec else {
            let lines = result.errors.map(\.description)
            for line in lines { log.line("YAML_FILE_ERROR: \(line)") }
            markBuildspecFailure(&state, message: lines.first ?? "invalid buildspec")
            throw PipelineError.invalidBuildspec(path: path, diagnostics: lines)
        }
        let counts = spec.phases.map { "\($0.name.rawValue): \($0.commands.count) commands" }.joined(separator: ", ")
        log.line("Phases found in YAML: \(spec.phases.count) (\(counts))")
        return spec
    }

    private func markBuildspecFailure(_ state: inout RunResult, message: String) {
        guard let index = state.phases.lastIndex(where: { $0.name == "DOWNLOAD_SOURCE" }) else { return }
        state.phases[index].status = .failed
        state.phases[index].exitCode = nil
        state.phases[index].context = "YAML_FILE_ERROR: \(message)"
    }
}
