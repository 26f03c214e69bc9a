import Platform
import SlipwayModel

/// The part of slipway.yml the post-receive hook needs: which refs build, their queue
/// policies, whether pushes wait, and where the queue lives.
package struct IntakeRules: Sendable, Equatable {
    package var gitDirectory: String
    package var paths: StatePaths
    package var branchPatterns: [String]
    package var tagPatterns: [String]
    package var defaultPolicy: QueuePolicy
    package var overrides: [BranchPolicy]
    package var wait: Bool

    package init(gitDirectory: String, paths: StatePaths, branchPatterns: [String], tagPatterns: [String],
                 defaultPolicy: QueuePolicy, overrides: [BranchPolicy], wait: Bool) {
        self.gitDirectory = gitDirectory
        self.paths = paths
        self.branchPatterns = branchPatterns
        self.tagPatterns = tagPatterns
        self.defaultPolicy = defaultPolicy
        self.overrides = overrides
        self.wait = wait
    }

    /// The queue rules for one branch: the first matching override, or the default.
    package func queuePolicy(forBranch branch: String) -> QueuePolicy {
        overrides.first { GlobPattern($0.pattern).matches(branch) }?.policy ?? defaultPolicy
    }
}

/// A snapshot of the intake rules, kept next to slipway.yml so the hook never parses YAML.
///
/// It records the fingerprint of slipway.yml (device, inode, size, change and modification
/// times) it was made from. The hook uses it only while slipway.yml still has that fingerprint;
/// any edit makes it stale, and the hook then hands the push to the full `slipway` binary, which
/// reads slipway.yml and writes a new snapshot.
package enum IntakeSnapshot {
    static let header = "slipway-intake 1"

    /// The snapshot's path for a repository.
    package static func path(gitDirectory: String) -> String {
        gitDirectory + "/slipway/.intake-rules"
    }

    /// The fingerprint of slipway.yml right now ("absent" when there is none).
    package static func fingerprint(gitDirectory: String) -> String {
        var info = stat()
        guard stat(gitDirectory + "/slipway.yml", &info) == 0 else { return "absent" }
        return [UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size),
                UInt64(info.st_mtim.tv_sec), UInt64(info.st_mtim.tv_nsec),
                UInt64(info.st_ctim.tv_sec), UInt64(info.st_ctim.tv_nsec)].map(String.init).joined(separator: ".")
    }

    /// The rules, when a snapshot exists and slipway.yml has not changed since it was taken
    /// (or, with `evenIfStale`, the rules of the last slipway.yml that loaded: where a broken
    /// file's state directory most likely is).
    package static func load(gitDirectory: String, evenIfStale: Bool = false) -> IntakeRules? {
        guard let text = try? readTextFile(path(gitDirectory: gitDirectory)) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == header, lines.count > 2 else { return nil }
        lines.removeFirst()
        let taken = lines.removeFirst()
        guard evenIfStale || taken == "fingerprint\t" + fingerprint(gitDirectory: gitDirectory) else { return nil }
        return parse(lines, gitDirectory: gitDirectory)
    }

    /// Writes the snapshot for `rules`, taken when slipway.yml had `fingerprint`; skips the
    /// write when an identical snapshot is already there.
    package static func save(_ rules: IntakeRules, fingerprint: String) throws {
        var lines = [header, "fingerprint\t" + fingerprint]
        lines += ["state", "work", "reports", "logs"].map { key -> String in
            let value: String
            switch key {
            case "state": value = rules.paths.state
            case "work": value = rules.paths.work
            case "reports": value = rules.paths.reports
            default: value = rules.paths.logs
            }
            return key + "\t" + escape(value)
        }
        lines += rules.branchPatterns.map { "branch\t" + escape($0) }
        lines += rules.tagPatterns.map { "tag\t" + escape($0) }
        lines.append("policy\t\(rules.defaultPolicy.mode.rawValue)\t\(rules.defaultPolicy.cancelRunning)")
        lines += rules.overrides.map {
            "override\t\(escape($0.pattern))\t\($0.policy.mode.rawValue)\t\($0.policy.cancelRunning)"
        }
        lines.append("wait\t\(rules.wait)")
        let text = lines.joined(separator: "\n") + "\n"
        let target = path(gitDirectory: rules.gitDirectory)
        if (try? readTextFile(target)) == text { return }
        try makeDirectories(rules.paths.state, mode: 0o700)
        try makeDirectories(parentDirectory(target), mode: 0o700)
        try writeTextFileAtomically(target, text, mode: 0o600)
    }

    private static func parse(_ lines: [String], gitDirectory: String) -> IntakeRules? {
        var paths: [String: String] = [:]
        var rules = IntakeRules(gitDirectory: gitDirectory, paths: StatePaths(state: gitDirectory + "/slipway"),
                                branchPatterns: [], tagPatterns: [], defaultPolicy: QueuePolicy(), overrides: [], wait: false)
        for line in lines where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch (fields.first, fields.count) {
            case ("state", 2), ("work", 2), ("reports", 2), ("logs", 2): paths[fields[0]] = unescape(fields[1])
            case ("branch", 2): rules.branchPatterns.append(unescape(fields[1]))
            case ("tag", 2): rules.tagPatterns.append(unescape(fields[1]))
            case ("policy", 3):
                guard let mode = QueueMode(rawValue: fields[1]) else { return nil }
                rules.defaultPolicy = QueuePolicy(mode: mode, cancelRunning: fields[2] == "true")
            case ("override", 4):
                guard let mode = QueueMode(rawValue: fields[2]) else { return nil }
                rules.overrides.append(BranchPolicy(pattern: unescape(fields[1]),
                                                    policy: QueuePolicy(mode: mode, cancelRunning: fields[3] == "true")))
            case ("wait", 2): rules.wait = fields[1] == "true"
            default: return nil
            }
        }
        guard let state = paths["state"] else { return nil }
        rules.paths = StatePaths(state: state, work: paths["work"], reports: paths["reports"], logs: paths["logs"])
        return rules
    }

    private static func escape(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\t", with: "%09").replacingAll("\n", with: "%0A")
    }

    private static func unescape(_ text: String) -> String {
        text.replacingAll("%0A", with: "\n").replacingAll("%09", with: "\t").replacingAll("%25", with: "%")
    }
}

#if canImport(Glibc)
import Glibc
#endif
