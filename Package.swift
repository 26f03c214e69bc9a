// swift-tools-version: 6.1
import PackageDescription

/// Slipway: a git push → buildspec build → image → report pipeline in one binary.
///
/// Dependencies run one way: executables → SlipwayCore → feature modules → support modules.
/// Only `Git` touches libgit2 (through `CLibGit2`); only `CSupport` holds C code of our own.
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
    ],
    targets: [
        // C layers
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .target(name: "CSupport", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Support modules
        .target(name: "Git", dependencies: ["CLibGit2"]),
        .target(name: "YAMLSchema", dependencies: ["Yams"]),
        .target(name: "Platform", dependencies: ["CSupport"]),
        .target(name: "HTTP", dependencies: ["CSupport"]),

        // The queue's hot path: Foundation-free, so the hook binary can be fully static.
        .target(name: "Intake", dependencies: ["Platform", "CSQLite"]),

        // Feature modules
        .target(name: "BuildSpec", dependencies: ["YAMLSchema"]),
        .target(name: "Settings", dependencies: ["YAMLSchema", "Platform", "Intake"]),
        .target(name: "History", dependencies: [.product(name: "GRDB", package: "GRDB.swift"), "Platform", "Settings", "Intake"]),
        .target(name: "Masking"),
        .target(name: "Secrets", dependencies: [
            "Intake",
            "BuildSpec", "Settings", "Masking", "HTTP", "Platform", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Runner", dependencies: ["Platform", "BuildSpec"]),
        .target(name: "Reporting", dependencies: [.product(name: "Mustache", package: "swift-mustache"), "Platform"]),
        // Conventional Commits, grouping and rendering, on plain values (no repository).
        .target(name: "Changelog", dependencies: ["Reporting"]),
        .target(name: "SlipwayCore", dependencies: [
            "Intake",
            "Git", "BuildSpec", "Settings", "History", "Runner", "Masking", "Reporting", "Platform", "Secrets", "HTTP", "Changelog",
        ]),

        // Executables: thin command layers
        .executableTarget(name: "slipway", dependencies: [
            "SlipwayCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "slipway-hook", dependencies: ["Intake"]),

        // Tests
        .target(name: "TestSupport", dependencies: ["Platform", "Runner", "History"], path: "Tests/TestSupport"),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(name: "YAMLSchemaTests", dependencies: ["YAMLSchema"]),
        .testTarget(name: "BuildSpecTests", dependencies: ["BuildSpec", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "TestSupport"]),
        .testTarget(name: "HistoryTests", dependencies: ["History", "TestSupport"]),
        .testTarget(name: "MaskingTests", dependencies: ["Masking"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "Masking", "TestSupport"]),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting"]),
        .testTarget(name: "ChangelogTests", dependencies: ["Changelog", "Reporting"]),
        .testTarget(name: "IntakeTests", dependencies: ["Intake", "Platform", "TestSupport"]),
        .testTarget(name: "SlipwayCoreTests", dependencies: ["SlipwayCore", "TestSupport", "HTTP"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "History"]),
    ]
)
