/// Buildspecs the end-to-end tests push when only the build's result matters.
package enum Buildspecs {
    /// One command that succeeds.
    package static let passing = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo ok\n"
    /// One command that exits 3: the build FAILS.
    package static let failing = "version: 0.2\nphases:\n  build:\n    commands:\n      - exit 3\n"
}
