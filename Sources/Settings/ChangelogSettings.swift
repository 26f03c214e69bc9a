/// The `changelog:` and `notify:` sections.
package struct ChangelogSettings: Sendable {
    /// Groups in display order; a commit goes to the first group listing its type. A group
    /// with the type "breaking" takes breaking changes; one with no types takes the rest.
    package var groups: [ChangelogGroupSetting] = ChangelogGroupSetting.defaults
    /// Whether merge commits appear in changelogs.
    package var includeMerges = false
    /// Commits covered by the first build of a branch with no merge base on the default branch.
    package var firstBuildLimit = 50
    /// Keep `<reports>/<branch>/CHANGELOG.md` up to date after each successful build.
    package var writeFile = true
    /// Notes reference for the run report attached to each built commit (nil: no notes).
    package var notesReference: String? = "refs/notes/slipway"
    /// Webhooks told about builds.
    package var webhooks: [WebhookSettings] = []
    /// All of a run's notifications, every webhook and retry, end within this many seconds (`notify.deadline`).
    package var notifyDeadlineSeconds = 15
    /// A Mustache template replacing the built-in changelog section template.
    package var template: String?
    /// Commits listed in a report, a CHANGELOG.md entry or a notification (breaking changes come
    /// first); `slipway changelog` lists them all.
    package var reportLimit = 200

    package init() {}
}

/// A changelog group: its title and the Conventional Commit types it takes.
package struct ChangelogGroupSetting: Sendable, Equatable {
    package var title: String
    package var types: [String]

    package init(title: String, types: [String]) {
        self.title = title
        self.types = types
    }

    /// Breaking changes first, then features, fixes, performance, and everything else.
    package static let defaults = [
        ChangelogGroupSetting(title: "Breaking changes", types: ["breaking"]),
        ChangelogGroupSetting(title: "Features", types: ["feat"]),
        ChangelogGroupSetting(title: "Fixes", types: ["fix"]),
        ChangelogGroupSetting(title: "Performance", types: ["perf"]),
        ChangelogGroupSetting(title: "Other", types: []),
    ]
}

/// One webhook endpoint.
package struct WebhookSettings: Sendable, Equatable {
    /// The URL, when written in slipway.yml.
    package var url: String?
    /// The name of a secret (parameter-store provider) holding the URL, for URLs that are
    /// credentials themselves (Slack and Mattermost incoming webhooks).
    package var urlSecret: String?
    /// A Mustache template for the JSON body, replacing the built-in one.
    package var template: String?
    /// Which results notify: "success", "failure" (any result other than success).
    package var on: [String] = ["success"]
    /// Attempts before giving up.
    package var attempts = 3

    package init(url: String?, urlSecret: String? = nil) {
        self.url = url
        self.urlSecret = urlSecret
    }
}
