// swift-tools-version: 6.1
import PackageDescription

/// Slipway: a git push → buildspec build → image → report pipeline in one binary.
///
/// Dependencies run one way: executables → SlipwayCore → feature modules → support modules.
/// Only `Git` touches libgit2 (through `CLibGit2`); only `CSupport` holds C code of our own.
/// One strictness for every target: a file must import each module whose members it uses.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Slipway",
    products: [
        .executable(name: "slipway", targets: ["slipway"]),
        .executable(name: "slipway-hook", targets: ["slipway-hook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Artifact zips (issue 13 asks for a maintained zip library; Foundation-only, no C beyond zlib).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C layers
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .target(name: "CSupport", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // The plain values every layer shares (refs, triggers, queue policies, run statuses):
        // Foundation-free and dependency-free, so the static hook uses them too.
        .target(name: "SlipwayModel", swiftSettings: strict),

        // Support modules
        .target(name: "Git", dependencies: ["CLibGit2"], swiftSettings: strict),
        .target(name: "YAMLSchema", dependencies: ["Yams"], swiftSettings: strict),
        .target(name: "Platform", dependencies: ["CSupport"], swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["CSupport"], swiftSettings: strict),

        // The queue's hot path: Foundation-free, so the hook binary can be fully static.
        .target(name: "Intake", dependencies: ["SlipwayModel", "Platform", "CSQLite"], swiftSettings: strict),

        // Feature modules
        .target(name: "BuildSpec", dependencies: ["YAMLSchema"], swiftSettings: strict),
        .target(name: "Settings", dependencies: ["SlipwayModel", "YAMLSchema", "Platform", "Intake"], swiftSettings: strict),
        .target(name: "History", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"), "SlipwayModel", "Platform", "Intake",
        ], swiftSettings: strict),
        .target(name: "Masking", dependencies: ["Platform"], swiftSettings: strict),
        .target(name: "Secrets", dependencies: [
            "SlipwayModel", "Intake", "BuildSpec", "Settings", "HTTP", "Platform",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "Runner", dependencies: ["CSupport", "Platform", "BuildSpec"], swiftSettings: strict),
        .target(name: "Reporting", dependencies: [.product(name: "Mustache", package: "swift-mustache"), "Platform"],
                swiftSettings: strict),
        // Conventional Commits, grouping and rendering, on plain values (no repository).
        .target(name: "Changelog", dependencies: ["Reporting", "Platform"], swiftSettings: strict),

        // A run from checked-out source to a finished result, through a BuildExecutor.
        .target(name: "Pipeline", dependencies: [
            "SlipwayModel", "Intake", "Git", "YAMLSchema", "BuildSpec", "Settings", "History", "Runner", "Masking", "Reporting", "Platform",
            "Secrets", .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // Build artifacts: CodeBuild's file patterns over the checkout, one zip per artifact, recorded with its digest.
        .target(name: "Artifacts", dependencies: [
            "BuildSpec", "Pipeline", "Platform", "Runner", "SlipwayModel", "Secrets", "HTTP",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // Test and coverage reports (`reports`): streaming readers for CodeBuild's ten formats, summed per group.
        .target(name: "TestReports", dependencies: ["Artifacts", "BuildSpec", "Pipeline", "Platform", "Runner"], swiftSettings: strict),
        // Build containers on a Docker-API engine: the engine client and the launcher behind `build.image`.
        .target(name: "Containers", dependencies: ["Runner", "HTTP"], swiftSettings: strict),
        // The image plan, tag templates, the registry client, the plan preview.
        .target(name: "Images", dependencies: [
            "SlipwayModel", "Intake", "Pipeline", "Runner", "Git", "BuildSpec", "Settings", "History", "Secrets", "Masking", "HTTP",
            "Platform",
        ], swiftSettings: strict),
        // The change range, the changelog collection, CHANGELOG.md, git notes, webhooks.
        .target(name: "Publishing", dependencies: [
            "SlipwayModel", "Intake", "Pipeline", "Git", "History", "Changelog", "Settings", "Secrets", "Masking", "HTTP", "Reporting",
            "Platform",
        ], swiftSettings: strict),
        // The composition root and the operations: worker, manual run, recovery, retention, poller, follower, listing, init.
        .target(name: "SlipwayCore", dependencies: [
            "SlipwayModel", "Intake", "Git", "Settings", "History", "Runner", "Pipeline", "Images", "Publishing", "Secrets", "Platform",
            "Containers", "Artifacts", "TestReports",
        ], swiftSettings: strict),

        // Executables: thin command layers
        .executableTarget(name: "slipway", dependencies: [
            "SlipwayCore", "SlipwayModel", "Intake", "History", "Settings", "Secrets", "Platform", "Masking", "BuildSpec", "YAMLSchema",
            "Images", "Publishing",
            .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .executableTarget(name: "slipway-hook", dependencies: ["Intake", "Platform"], swiftSettings: strict),

        // Tests
        .target(name: "TestSupport", dependencies: ["Platform", "Runner", "History", "SlipwayModel"], path: "Tests/TestSupport",
                swiftSettings: strict),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport", "Platform"], swiftSettings: strict),
        .testTarget(name: "YAMLSchemaTests", dependencies: ["YAMLSchema"], swiftSettings: strict),
        .testTarget(name: "BuildSpecTests", dependencies: ["BuildSpec", "YAMLSchema", "TestSupport", "Platform"], exclude: ["Fixtures"],
                    swiftSettings: strict),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "SlipwayModel", "Intake"],
                    swiftSettings: strict),
        .testTarget(name: "HistoryTests", dependencies: ["History", "SlipwayModel", "Intake", "Settings", "TestSupport", "Platform"],
                    swiftSettings: strict),
        .testTarget(name: "MaskingTests", dependencies: ["Masking"], swiftSettings: strict),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "BuildSpec", "CSupport", "TestSupport", "Platform"], swiftSettings: strict),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets", "BuildSpec", "Settings", "TestSupport", "Platform"], exclude: ["Fixtures"],
                    swiftSettings: strict),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Platform"], swiftSettings: strict),
        .testTarget(name: "ChangelogTests", dependencies: ["Changelog", "Reporting"], swiftSettings: strict),
        .testTarget(name: "IntakeTests", dependencies: ["Intake", "SlipwayModel", "Platform", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PipelineTests", dependencies: [
            "Pipeline", "SlipwayModel", "Intake", "BuildSpec", "Settings", "History", "Runner", "Masking", "Secrets", "Platform", "TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "ImagesTests", dependencies: ["Images", "BuildSpec", "SlipwayModel", "Settings", "HTTP"],
                    swiftSettings: strict),
        .testTarget(name: "TestReportsTests", dependencies: ["TestReports", "Pipeline", "BuildSpec", "Runner", "TestSupport", "Platform"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "SlipwayCoreTests", dependencies: [
            "SlipwayCore", "Pipeline", "SlipwayModel", "Intake", "Secrets", "Settings", "History", "Platform", "TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["slipway", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                    exclude: ["Snapshots"], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "History", "SlipwayModel", "Platform"], swiftSettings: strict),
    ]
)
