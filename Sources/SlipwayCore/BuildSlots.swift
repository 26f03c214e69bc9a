import Platform
import Settings
#if canImport(Glibc)
import Glibc
#endif

/// The server-wide build limit: `max-builds` slots, each a lock file in the slots directory
/// that a build holds while it runs. The kernel releases a dead worker's locks, so a crash never
/// leaks a slot; a build that finds no free slot is simply not claimed yet, and stays QUEUED.
/// (Laminar's executor contexts do the same job with a daemon; these need none.)
package struct BuildSlots: Sendable {
    package let directory: String
    package let count: Int

    package init(settings: ServerSettings) {
        count = settings.maxBuilds
        // Without a server configuration, a user who cannot create the shared default (it wants
        // root once; the Debian package makes it) still gets the limit, per user.
        if settings.file == nil && !Self.usable(settings.slotsDirectory) {
            directory = "/tmp/slipway-slots-\(getuid())"
        } else {
            directory = settings.slotsDirectory
        }
    }

    private static func usable(_ directory: String) -> Bool {
        if isDirectory(directory) { return access(directory, W_OK) == 0 }
        var parent = parentDirectory(directory)
        while !isDirectory(parent) && parent != "/" { parent = parentDirectory(parent) }
        return access(parent, W_OK) == 0
    }

    /// A free slot, held until released; nil when every slot is taken. Throws when the
    /// directory cannot be made or written, with the path.
    package func tryAcquire() throws -> FileLock? {
        try prepare()
        for index in 0..<count {
            if let lock = try FileLock.tryAcquire(path(index), shared: true) { return lock }
        }
        return nil
    }

    /// Slots held right now, by any process on this server.
    package func inUse() -> Int {
        (0..<count).filter { FileLock.isHeld(path($0), shared: true) }.count
    }

    private func path(_ index: Int) -> String {
        directory + "/slot-\(index).lock"
    }

    /// Every repository's worker takes slots here, whichever user it runs as: the directory is
    /// shared like /tmp (sticky, world-writable) unless the admin made it otherwise.
    private func prepare() throws {
        guard !isDirectory(directory) else { return }
        let perUser = directory.hasPrefix("/tmp/slipway-slots-")
        do {
            try makeDirectories(directory, mode: perUser ? 0o700 : 0o1777)
            _ = chmod(directory, perUser ? 0o700 : 0o1777)
        } catch {
            throw BuildSlotError(description: "the build slots directory \(directory) (slots: in the server configuration) cannot be created: \(error)")
        }
    }
}

/// The slots directory cannot be used.
package struct BuildSlotError: Error, CustomStringConvertible {
    package let description: String
}
