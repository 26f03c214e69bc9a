import History
import Intake
import Pipeline
import Platform
import Settings
import SlipwayModel

#if canImport(Glibc)
import Glibc
#endif

/// Moves reports written before `ReportLocation` (`<reports>/<branch>/N.md`,
/// `<reports>/tags/<tag>/N.md`, `<reports>/tags/CHANGELOG.md`) to their collision-free places
/// and updates the history's report paths. Runs once per repository, under a lock, before the
/// first build of a new Slipway; a marker file in the state directory says it is done.
///
/// The old layout could mix refs up (a branch `tags` shared the tags' CHANGELOG.md, a branch
/// `x/2.md` shared `x`'s folder). Reports are per run and move exactly; a CHANGELOG.md that two
/// refs shared moves, as it is, to the ref whose runs are newest, since its entries cannot be
/// told apart afterwards.
package struct ReportLayoutMigration {
    let settings: SlipwaySettings
    let store: HistoryStore

    package init(settings: SlipwaySettings, store: HistoryStore) {
        self.settings = settings
        self.store = store
    }

    /// Migrates if needed and tells `say` what moved. A failure is told too, and leaves the
    /// marker unwritten, so the next build tries again; builds go on meanwhile.
    package func migrate(telling say: (String) -> Void) {
        do {
            for message in try migrateIfNeeded() { say(message) }
        } catch {
            say("warning: reports could not be moved to the new layout (\(error)); the next build tries again")
        }
    }

    var marker: String { settings.paths.state + "/reports-layout-2" }

    /// Migrates if it has not been done; returns a line per moved CHANGELOG.md and a summary.
    @discardableResult
    package func migrateIfNeeded() throws -> [String] {
        if fileExists(marker) { return [] }
        let lock = try FileLock.acquire(settings.paths.state + "/reports-layout.lock")
        defer { lock.release() }
        if fileExists(marker) { return [] }
        let messages = try migrate()
        try writeFileAtomically(marker, Array("reports are laid out as branches/<ref>/ and tags/<ref>/\n".utf8), mode: 0o600)
        return messages
    }

    private func migrate() throws -> [String] {
        let reports = settings.paths.reports
        let runs = try store.allRuns()
        var messages: [String] = []
        var moved = 0
        var oldFolders = Set<String>()
        // Changelogs first, out of the way: a new folder may be an old ref's folder.
        var changelogs: [(from: String, to: String)] = []
        var claimed = Set<String>()
        for run in runs.reversed() {
            let old = run.refKind == .tag ? reports + "/tags/CHANGELOG.md" : reports + "/" + run.branch + "/CHANGELOG.md"
            let new = run.refKind == .tag ? reports + "/" + ReportLocation.tagsChangelog
                : reports + "/" + ReportLocation.folder(kind: .branch, name: run.branch) + "/CHANGELOG.md"
            guard !claimed.contains(old), isRegularFile(old) else { continue }
            claimed.insert(old)
            changelogs.append((old, new))
        }
        let staging = settings.paths.state + "/reports-migration"
        try removeTree(staging)
        try makeDirectories(staging, mode: 0o700)
        for (index, changelog) in changelogs.enumerated() {
            try moveFile(changelog.from, to: staging + "/\(index).md")
        }
        for run in runs {
            guard let path = run.reportPath else { continue }
            let new = reports + "/" + ReportLocation.folder(kind: run.refKind, name: run.branch) + "/\(run.id).md"
            guard path != new, isRegularFile(path), !fileExists(new) else { continue }
            try makeDirectories(parentDirectory(new), mode: 0o700)
            try moveFile(path, to: new)
            try store.recordReport(run.id, path: new)
            oldFolders.insert(parentDirectory(path))
            moved += 1
        }
        for (index, changelog) in changelogs.enumerated() {
            try makeDirectories(parentDirectory(changelog.to), mode: 0o700)
            // Never dropped: a file already in the way keeps its place and this one goes beside it.
            let target = fileExists(changelog.to) ? parentDirectory(changelog.to) + "/CHANGELOG.before-migration-\(index).md" : changelog.to
            try moveFile(staging + "/\(index).md", to: target)
            oldFolders.insert(parentDirectory(changelog.from))
            messages.append("moved \(changelog.from) to \(target)")
        }
        try removeTree(staging)
        for folder in oldFolders.sorted(by: { $0.count > $1.count }) { removeEmptyFolders(from: folder, upTo: reports) }
        if moved > 0 { messages.append("moved \(moved) reports to the new layout under \(reports) (branches/<ref>/, tags/<ref>/)") }
        return messages
    }

    /// Removes `folder` and its parents while they are empty, stopping at `root`.
    private func removeEmptyFolders(from folder: String, upTo root: String) {
        var current = folder
        while current.count > root.count, current.hasPrefix(root + "/"), rmdir(current) == 0 {
            current = parentDirectory(current)
        }
    }

    private func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
