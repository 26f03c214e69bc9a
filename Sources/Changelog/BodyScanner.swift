/// Reads a message body line by line: breaking-change footers wherever they stand (squash-merge
/// bodies list several commits, each with its own footers), `type!:` lines of squashed commits,
/// and the final paragraph's footers.
enum BodyScanner {
    static func scan(_ lines: MessageLines, from first: Int, into message: inout ConventionalMessage) {
        guard first < lines.count else { return }
        var index = first
        var previousBlank = true
        var lastParagraphStart: Int?
        while index < lines.count {
            if lines.isBlank(index) {
                previousBlank = true
                index += 1
                continue
            }
            if previousBlank { lastParagraphStart = index }
            let (line, hadBullet) = MessageLines.withoutBullet(lines.trimmed(index))
            if let text = breakingFooterText(line) {
                let (note, next) = continued(text, lines: lines, after: index)
                message.breaking = true
                if !note.isEmpty { message.breakingNotes.append(note) }
                previousBlank = false
                index = next
                continue
            }
            if hadBullet || previousBlank, let header = HeaderParser.parse(line), header.bang {
                message.breaking = true
                message.breakingNotes.append(TextCleaning.subject(header.description))
            }
            previousBlank = false
            index += 1
        }
        if let start = lastParagraphStart {
            message.footers = footers(lines, from: start)
        }
    }

    /// The text after `BREAKING CHANGE:` or `BREAKING-CHANGE:` (which must be uppercase), or nil.
    static func breakingFooterText(_ line: MessageLines.Line) -> MessageLines.Line? {
        for token in ["BREAKING CHANGE", "BREAKING-CHANGE"] {
            let count = token.utf8.count
            guard line.count > count, line.prefix(count).elementsEqual(token.utf8) else { continue }
            var position = line.startIndex + count
            while position < line.endIndex, MessageLines.isSpace(line[position]) { position += 1 }
            guard position < line.endIndex, line[position] == UInt8(ascii: ":") else { continue }
            return MessageLines.trim(line[(position + 1)...])
        }
        return nil
    }

    /// A footer value with its continuation lines (until a blank line, a new footer or a list
    /// item); returns the text and the line after it.
    private static func continued(_ first: MessageLines.Line, lines: MessageLines, after index: Int) -> (String, Int) {
        var parts = first.isEmpty ? [] : [TextCleaning.subject(first)]
        var next = index + 1
        while next < lines.count, !lines.isBlank(next) {
            let line = lines.trimmed(next)
            if footerToken(line) != nil || MessageLines.withoutBullet(line).hadBullet { break }
            parts.append(TextCleaning.subject(line))
            next += 1
        }
        return (TextCleaning.subject(parts.joined(separator: " ")), next)
    }

    /// The footers of the paragraph starting at `start`, when its first line is one.
    private static func footers(_ lines: MessageLines, from start: Int) -> [ConventionalMessage.Footer] {
        guard footerToken(lines.trimmed(start)) != nil else { return [] }
        var result: [ConventionalMessage.Footer] = []
        for index in start..<lines.count where !lines.isBlank(index) {
            let line = lines.trimmed(index)
            if let (token, value) = footerToken(line) {
                result.append(.init(token: token, value: TextCleaning.subject(value)))
            } else if !result.isEmpty {
                result[result.count - 1].value = TextCleaning.subject(result[result.count - 1].value + " " + TextCleaning.subject(line))
            }
        }
        return result
    }

    /// `Token: value` or `Token #value` (git trailer style; `BREAKING CHANGE` is the one token
    /// with a space). Returns the token and the value (with the `#` for the second form).
    static func footerToken(_ line: MessageLines.Line) -> (String, MessageLines.Line)? {
        if let text = breakingFooterText(line) {
            return ("BREAKING CHANGE", text)
        }
        var position = line.startIndex
        guard position < line.endIndex, HeaderParser.isLetter(line[position]) else { return nil }
        while position < line.endIndex, HeaderParser.isTypeCharacter(line[position]) { position += 1 }
        let token = String(decoding: line[line.startIndex..<position], as: UTF8.self)
        guard position + 1 < line.endIndex else { return nil }
        if line[position] == UInt8(ascii: ":"), MessageLines.isSpace(line[position + 1]) {
            return (token, MessageLines.trim(line[(position + 2)...]))
        }
        if line[position] == UInt8(ascii: " "), line[position + 1] == UInt8(ascii: "#") {
            return (token, line[(position + 1)...])
        }
        return nil
    }
}
