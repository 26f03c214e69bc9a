import Platform
import Reporting
import Testing

@Suite("Text from outside is made fit to show (issue 15 §6)")
struct DisplayTextTests {
    private func filtered(_ chunks: [String]) -> String {
        var filter = TerminalEscapeFilter()
        var bytes: [UInt8] = []
        for chunk in chunks { filter.filter(Array(chunk.utf8)) { bytes += $0 } }
        filter.finish { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("colours, cursor moves, OSC titles and OSC 8 links, BEL and C1 controls are removed; text, newlines, tabs and non-ASCII stay")
    func terminalFilter() {
        let log = "\u{1B}[1;31mred\u{1B}[0m\ttab\n\u{1B}]0;owned title\u{07}after\n"
            + "\u{1B}]8;;http://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\ here\n\u{1B}[2J\u{1B}[Hcleared ünï\u{85}code\u{07}\n"
        #expect(filtered([log]) == "red\ttab\nafter\nclick here\ncleared ünïcode\n")
        // Split anywhere, the result is the same.
        let bytes = Array(log.utf8)
        for split in 1..<bytes.count {
            var filter = TerminalEscapeFilter()
            var out: [UInt8] = []
            filter.filter(bytes[..<split]) { out += $0 }
            filter.filter(bytes[split...]) { out += $0 }
            filter.finish { out += $0 }
            #expect(String(decoding: out, as: UTF8.self) == "red\ttab\nafter\nclick here\ncleared ünïcode\n", "split at \(split)")
        }
    }

    @Test("a carriage return cannot hide what came before it; \\r\\n is one line break")
    func carriageReturn() {
        #expect(filtered(["secret stuff\rinnocent\r\n", "next\r"]) == "secret stuff\ninnocent\nnext\n")
    }

    @Test("an unterminated OSC string ends after 4 KiB instead of swallowing the log")
    func unterminatedString() {
        let text = filtered(["\u{1B}]0;" + String(repeating: "x", count: 5000) + "\nvisible\n"])
        #expect(text.hasSuffix("visible\n") && text.count < 1000)
    }

    @Test("one line: ESC, OSC and BEL go, line breaks become spaces, a 1 MB subject is cut at 500 characters")
    func oneLine() {
        #expect(DisplayText.line("fix: \u{1B}]0;pwn\u{07}title \u{1B}[31mred\u{1B}[0m\u{07} done\nsecond") == "fix: title red done second")
        let huge = DisplayText.line("feat: " + String(repeating: "a", count: 1_000_000))
        #expect(huge.count == 501 && huge.hasSuffix("…"))
        #expect(DisplayText.line("plain subject") == "plain subject")
    }

    @Test("a table cell escapes pipes and HTML-looking text, so a subject cannot close <details> or open <script>")
    func cells() {
        #expect(Markdown.cell("</details><script>alert(1)</script> | x") == #"\</details>\<script>alert(1)\</script> \| x"#)
        #expect(Markdown.cell("a < b and 1<2") == "a < b and 1<2")
        #expect(Markdown.cell("\u{1B}[31mred\u{1B}[0m") == "red")
    }
}
