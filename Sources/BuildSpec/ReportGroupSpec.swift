/// A `reports` file format, by CodeBuild's name: test results or code coverage.
package enum TestReportFormat: String, Sendable, Equatable, Codable, CaseIterable {
    case junitXML = "JUNITXML"
    case nunitXML = "NUNITXML"
    case nunit3XML = "NUNIT3XML"
    case testNGXML = "TESTNGXML"
    case cucumberJSON = "CUCUMBERJSON"
    case visualStudioTRX = "VISUALSTUDIOTRX"
    case coberturaXML = "COBERTURAXML"
    case jacocoXML = "JACOCOXML"
    case cloverXML = "CLOVERXML"
    case simpleCov = "SIMPLECOV"

    /// True for the code coverage formats (CodeBuild's CODE_COVERAGE report groups).
    package var isCoverage: Bool {
        switch self {
        case .coberturaXML, .jacocoXML, .cloverXML, .simpleCov: return true
        default: return false
        }
    }
}

/// One group of `reports`: the files a build leaves, read after POST_BUILD.
package struct ReportGroupSpec: Sendable, Equatable, Codable {
    /// The group's key: a name, or a report group ARN (its last part names it here).
    package var name: String
    /// Patterns relative to the base directory, as in `artifacts`.
    package var files: [String]
    package var baseDirectory: String?
    package var discardPaths = false
    package var format: TestReportFormat = .junitXML
    package var line: Int

    package init(name: String, files: [String], line: Int) {
        self.name = name
        self.files = files
        self.line = line
    }

    /// The name the report shows: an ARN's `report-group/NAME` part, else the key.
    package var displayName: String {
        guard name.hasPrefix("arn:"), let slash = name.lastIndex(of: "/") else { return name }
        return String(name[name.index(after: slash)...])
    }

    /// The files to read, as an artifact that is never zipped (same patterns, same safety).
    package var asArtifact: ArtifactSpec {
        var spec = ArtifactSpec(identifier: displayName, files: files, line: line)
        spec.baseDirectory = baseDirectory
        return spec
    }
}

/// What a build does with its cache (`cache.action`): both when absent.
package enum CacheAction: String, Sendable, Equatable, Codable {
    case restore
    case save
}

/// `cache`: paths kept between builds of a repository, under a key.
package struct CacheSpec: Sendable, Equatable, Codable {
    /// Patterns: relative to the checkout, or under the build's home (`~/`, `$HOME/`, `/root/`).
    package var paths: [String]
    /// `cache.key`, expanded in the build's shell; nil: the branch.
    package var key: String?
    /// `cache.fallback-keys`: prefixes tried in order when the key has no entry.
    package var fallbackKeys: [String] = []
    /// nil: restore before INSTALL and save after POST_BUILD.
    package var action: CacheAction?
    package var line: Int

    package init(paths: [String], line: Int) {
        self.paths = paths
        self.line = line
    }
}
