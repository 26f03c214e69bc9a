import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a report format does with the elements of its XML, streamed.
protocol XMLReportHandler: AnyObject {
    func start(_ name: String, attributes: [String: String])
    func end(_ name: String)
    /// Character data; only delivered while `wantsText` is true.
    func text(_ text: String)
    var wantsText: Bool { get }
}

/// A report file that could not be read, with the parser's line.
struct ReportFileProblem: Error, CustomStringConvertible {
    let line: Int?
    let message: String

    var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Streams an XML file through Foundation's SAX parser (libxml2), in chunks: a file of
/// hundreds of megabytes is never held whole. External entities are never resolved.
enum XMLEventReader {
    static func read(path: String, into handler: XMLReportHandler) throws {
        guard let stream = InputStream(fileAtPath: path) else {
            throw ReportFileProblem(line: nil, message: "it cannot be opened")
        }
        let parser = XMLParser(stream: stream)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let delegate = Delegate(handler: handler)
        parser.delegate = delegate
        if !parser.parse() || delegate.sawNoElement {
            let reason = parser.parserError.map(describe) ?? "it holds no XML element"
            throw ReportFileProblem(line: parser.lineNumber > 0 ? parser.lineNumber : nil, message: reason)
        }
        // Foundation's stream parser does not report a document cut short; open elements tell.
        if let open = delegate.open.last {
            throw ReportFileProblem(line: parser.lineNumber > 0 ? parser.lineNumber : nil,
                                    message: "the document ends early: <\(open)> is never closed (a truncated file?)")
        }
    }

    private static func describe(_ error: Error) -> String {
        let code = (error as NSError).code
        switch code {
        case 4: return "the file is empty or is not XML"
        case 5: return "the document ends early (a truncated file?)"
        default: return "not well-formed XML (libxml2 error \(code))"
        }
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let handler: XMLReportHandler
        var sawNoElement = true
        var open: [String] = []

        init(handler: XMLReportHandler) {
            self.handler = handler
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            sawNoElement = false
            open.append(elementName)
            handler.start(elementName, attributes: attributes)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            _ = open.popLast()
            handler.end(elementName)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if handler.wantsText { handler.text(string) }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if handler.wantsText { handler.text(String(decoding: CDATABlock, as: UTF8.self)) }
        }
    }
}
