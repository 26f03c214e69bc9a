import Pipeline

/// Cobertura XML (coverage.py, Istanbul, gcovr): the root `<coverage>` declares
/// `lines-covered`/`lines-valid` and `branches-covered`/`branches-valid`; when a writer leaves
/// them out, the `<line hits>` elements are counted instead.
final class CoberturaReader: XMLReportHandler {
    private var declared: CoverageCounts?
    private var counted = CoverageCounts(branchesCovered: 0, branchesTotal: 0)
    private var inClass = false
    var wantsText: Bool { false }

    var coverage: CoverageCounts { declared ?? counted }

    func start(_ name: String, attributes: [String: String]) {
        switch name {
        case "coverage":
            if let covered = integer(attributes["lines-covered"]), let valid = integer(attributes["lines-valid"]) {
                declared = CoverageCounts(linesCovered: covered, linesTotal: valid,
                                          branchesCovered: integer(attributes["branches-covered"]),
                                          branchesTotal: integer(attributes["branches-valid"]))
            }
        case "class":
            inClass = true
        case "line" where inClass && declared == nil:
            // Lines under <methods> repeat the class's own lines; only the class's count.
            counted.linesTotal += 1
            if (integer(attributes["hits"]) ?? 0) > 0 { counted.linesCovered += 1 }
            if attributes["branch"] == "true", let condition = attributes["condition-coverage"],
               let open = condition.firstIndex(of: "("), let slash = condition.firstIndex(of: "/"),
               let close = condition.firstIndex(of: ")"), open < slash, slash < close,
               let hit = Int(condition[condition.index(after: open)..<slash]),
               let all = Int(condition[condition.index(after: slash)..<close]) {
                counted.branchesCovered = (counted.branchesCovered ?? 0) + hit
                counted.branchesTotal = (counted.branchesTotal ?? 0) + all
            }
        case "methods":
            inClass = false
        default:
            break
        }
    }

    func end(_ name: String) {
        if name == "methods" { inClass = true } else if name == "class" { inClass = false }
    }

    func text(_ text: String) {}
}

/// JaCoCo XML: the `<counter type="LINE|BRANCH" missed covered>` elements directly under
/// `<report>` are the whole report's totals (deeper ones belong to packages and classes).
final class JaCoCoReader: XMLReportHandler {
    private(set) var coverage = CoverageCounts()
    private var depth = 0
    var wantsText: Bool { false }

    func start(_ name: String, attributes: [String: String]) {
        depth += 1
        guard name == "counter", depth == 2 else { return }
        let covered = integer(attributes["covered"]) ?? 0
        let missed = integer(attributes["missed"]) ?? 0
        switch attributes["type"] {
        case "LINE":
            coverage.linesCovered = covered
            coverage.linesTotal = covered + missed
        case "BRANCH":
            coverage.branchesCovered = covered
            coverage.branchesTotal = covered + missed
        default:
            break
        }
    }

    func end(_ name: String) { depth -= 1 }
    func text(_ text: String) {}
}

/// Clover XML (OpenClover, PHPUnit, Istanbul): the project's `<metrics>` gives `statements` /
/// `coveredstatements` (Clover's line measure) and `conditionals` / `coveredconditionals`.
final class CloverReader: XMLReportHandler {
    private(set) var coverage: CoverageCounts?
    private var path: [String] = []
    var wantsText: Bool { false }

    func start(_ name: String, attributes: [String: String]) {
        defer { path.append(name) }
        guard name == "metrics", coverage == nil, path.last == "project" else { return }
        coverage = CoverageCounts(linesCovered: integer(attributes["coveredstatements"]) ?? 0,
                                  linesTotal: integer(attributes["statements"]) ?? 0,
                                  branchesCovered: integer(attributes["coveredconditionals"]),
                                  branchesTotal: integer(attributes["conditionals"]))
    }

    func end(_ name: String) { _ = path.popLast() }
    func text(_ text: String) {}
}

func integer(_ text: String?) -> Int? {
    guard let text else { return nil }
    return Int(text) ?? Double(text).map { Int($0) }
}
