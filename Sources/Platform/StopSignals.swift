import CSupport

/// Ctrl-C, `kill` and a closed terminal, turned into a flag the build loop polls, so that a
/// foreground build or a worker stops its builds cleanly (STOPPED) instead of dying mid-write.
package enum StopSignals {
    /// Starts recording SIGINT, SIGTERM and SIGHUP.
    package static func install() {
        slipway_install_stop_handlers()
    }

    /// True once a stop signal arrived.
    package static var requested: Bool {
        slipway_stop_requested() != 0
    }
}
