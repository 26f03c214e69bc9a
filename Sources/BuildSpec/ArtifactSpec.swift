/// One artifact a buildspec asks for: `artifacts` (the primary one, `identifier` nil) or an
/// entry of `artifacts.secondary-artifacts`, with CodeBuild's keys.
package struct ArtifactSpec: Sendable, Equatable, Codable {
    /// The secondary artifact's identifier; nil for the primary artifact.
    package var identifier: String?
    /// Patterns relative to the base directory (`**/*` is every file, recursively).
    package var files: [String]
    /// The artifact's name (`name:`), expanded in the build's shell; nil: the identifier, or `artifact`.
    package var name: String?
    /// The directory the patterns start from, relative to CODEBUILD_SRC_DIR.
    package var baseDirectory: String?
    /// True: every file is stored at the top of the zip, its directories dropped.
    package var discardPaths = false
    /// Patterns, relative to the base directory, of files left out.
    package var excludePaths: [String] = []
    /// True: symbolic links inside the artifact are stored as links; false: their target's bytes.
    package var enableSymlinks = false
    /// Where the artifact is written in the buildspec.
    package var line: Int

    package init(identifier: String?, files: [String], line: Int) {
        self.identifier = identifier
        self.files = files
        self.line = line
    }

    /// The base directory as a path inside the checkout: without leading slashes, `.` when absent or empty.
    package var baseDirectoryInCheckout: String {
        let relative = String((baseDirectory ?? "").drop { $0 == "/" })
        return relative.isEmpty ? "." : relative
    }

    /// The name used when `name:` is absent.
    package var defaultName: String { identifier ?? "artifact" }
}
