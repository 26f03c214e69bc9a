import BuildSpec
import Git
import History
import Intake
import Pipeline
import Platform
import Settings
import SlipwayModel

/// `slipway plan`: what the image plan would do for a branch or commit, without running anything.
package enum PlanPreview {
    package static func render(settings: SlipwaySettings, store: HistoryStore, branch: String?, commit: String?,
                               hostEnvironment: [String: String]) throws -> String {
        let repository = try Repository.open(settings.gitDirectory)
        let branchName = branch ?? settings.defaultBranch
        let sha: ObjectID
        if let commit {
            sha = try repository.resolveCommit(commit)
        } else {
            guard let tip = try repository.target(of: "refs/heads/" + branchName) else { throw PipelineError.branchNotFound(branchName) }
            sha = tip
        }
        let next = (try store.runs(limit: 1).first?.id ?? 0) + 1
        let run = ClaimedRun(number: next, buildId: "preview", ref: "refs/heads/" + branchName, branch: branchName, refKind: .branch,
                             oldSha: RefUpdate.zeroSha, newSha: sha.hex, trigger: .manual, initiator: "slipway/plan")
        var lines = ["Resolved source version: \(sha.hex) (\(commit == nil ? "tip of " : "")branch \(branchName))",
                     "Build number: \(next) (the next run)"]
        guard !settings.images.images.isEmpty else {
            lines.append("No images: slipway.yml has no 'images:' section, so the plan builds and pushes nothing.")
            return lines.joined(separator: "\n") + "\n"
        }
        var variables = ProcessEnvironment.withoutGitVariables(hostEnvironment)
        if let bytes = try repository.readFile(settings.buildspecPath, at: sha),
           let spec = BuildSpecLoader.load(bytes: bytes, file: settings.buildspecPath).spec {
            for variable in spec.environment.variables { variables[variable.name] = variable.value }
        }
        for variable in settings.environment { variables[variable.name] = variable.value }
        let workDirectory = settings.paths.work + "/\(next)"
        let factory = BuildEnvironmentFactory(host: [:], serverVariables: [], projectName: repositoryName(gitDirectory: settings.gitDirectory),
                                              repositoryLocation: "file://" + settings.gitDirectory)
        for (name, value) in factory.codeBuildVariables(for: run, sourceDirectory: workDirectory + "/src", startTime: 0,
                                                        requestedVersion: commit ?? branchName) {
            variables[name] = value
        }
        for (name, value) in BuildEnvironmentFactory.slipwayVariables(for: run, shortShaLength: settings.images.shortShaLength) {
            variables[name] = value
        }
        var unknown: [String] = []
        let plan = try ImagePlanner.plan(settings: settings, run: run, sourceDirectory: workDirectory + "/src",
                                         iidDirectory: workDirectory + "/engine", preview: true) { name in
            if let value = variables[name] { return value }
            if !unknown.contains(name) { unknown.append(name) }
            return "${\(name)}"
        }
        for image in plan.images {
            lines.append("")
            lines.append("Image \(image.reference.name)")
            lines.append("  tags: " + image.tags.joined(separator: ", "))
        }
        if !unknown.isEmpty {
            lines.append("")
            lines.append("Set only when the build runs (shown as ${NAME}): " + unknown.joined(separator: ", "))
        }
        let host = settings.images.engineHost.map { ", DOCKER_HOST=\($0)" } ?? ""
        lines.append("")
        lines.append("Commands (\(settings.images.engine)\(host)), after a successful BUILD phase:")
        for command in plan.commands {
            lines.append("  " + command.display(engine: settings.images.engine))
        }
        lines.append("")
        lines.append("Nothing was run.")
        return lines.joined(separator: "\n") + "\n"
    }
}
