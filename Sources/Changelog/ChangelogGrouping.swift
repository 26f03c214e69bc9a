/// A group of a changelog as configured: a title and the Conventional Commit types it takes.
/// The type `breaking` takes breaking changes; a group with no types takes everything else.
package struct ChangeGroupRule: Sendable, Equatable {
    package var title: String
    package var types: [String]

    package init(title: String, types: [String]) {
        self.title = title
        self.types = types.map { $0.lowercased() }
    }
}

/// A group with its commits, newest first.
package struct ChangeGroup: Sendable, Equatable {
    package var title: String
    /// The types the group was configured with (empty for the catch-all group).
    package var types: [String]
    package var entries: [ChangeEntry]
}

/// Sorts commits into groups as they arrive: a breaking change goes to the group listing
/// `breaking`, any other commit to the first group listing its type, and the rest (also commits
/// that are not conventional) to the catch-all group. When no group is a catch-all, one titled
/// "Other" is added at the end: a commit is never dropped.
package struct ChangelogGrouping: Sendable {
    private(set) var groups: [ChangeGroup]
    private var groupOfType: [String: Int] = [:]
    private let breakingGroup: Int?
    private let catchAll: Int

    package init(rules: [ChangeGroupRule]) {
        var rules = rules
        if !rules.contains(where: { $0.types.isEmpty }) {
            rules.append(ChangeGroupRule(title: "Other", types: []))
        }
        groups = rules.map { ChangeGroup(title: $0.title, types: $0.types, entries: []) }
        for (index, rule) in rules.enumerated() {
            for type in rule.types where groupOfType[type] == nil { groupOfType[type] = index }
        }
        breakingGroup = groupOfType["breaking"]
        catchAll = rules.firstIndex { $0.types.isEmpty } ?? rules.count - 1
    }

    /// Files one commit.
    package mutating func add(_ entry: ChangeEntry) {
        let index: Int
        if entry.breaking, let breakingGroup {
            index = breakingGroup
        } else if let type = entry.type, type != "breaking", let group = groupOfType[type] {
            index = group
        } else {
            index = catchAll
        }
        groups[index].entries.append(entry)
    }

    /// The groups that hold commits, in configured order.
    package var nonEmptyGroups: [ChangeGroup] { groups.filter { !$0.entries.isEmpty } }
}
