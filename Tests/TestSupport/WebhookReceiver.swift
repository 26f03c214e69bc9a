import Platform

/// An HTTP server on 127.0.0.1 that records every request (path and body) and answers with the
/// statuses it was given, in order (then 200): a real peer for webhook tests.
package final class WebhookReceiver: @unchecked Sendable {
    package let port: Int
    private let directory: String
    private let server: BackgroundServer

    private static let script = #"""
import http.server, os, sys
port, directory, statuses = int(sys.argv[1]), sys.argv[2], [int(s) for s in sys.argv[3].split(",") if s]
count = 0
class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        count += 1
        with open(os.path.join(directory, "%03d.request" % count), "wb") as f:
            f.write(self.path.encode() + b"\n" + self.headers.get("Content-Type", "").encode() + b"\n" + body)
        status = statuses[count - 1] if count <= len(statuses) else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", port), Handler)
print("ready", flush=True)
server.serve_forever()
"""#

    /// Starts a receiver answering `statuses` to the first requests.
    package init(statuses: [Int] = [], scratch: ScratchDirectory) throws {
        port = try freeLoopbackPort()
        directory = scratch.file("webhook-\(port)")
        try makeDirectories(directory)
        let script = try scratch.write("webhook-\(port).py", Self.script)
        server = try BackgroundServer("python3", [script, String(port), directory, statuses.map(String.init).joined(separator: ",")])
        guard server.firstLine == "ready" else { throw TestFailure("the webhook receiver did not start: \(server.firstLine)") }
    }

    /// The requests received so far, oldest first: path, content type and body.
    package func requests() throws -> [(path: String, contentType: String, body: String)] {
        let names = try listDirectory(directory).filter { $0.hasSuffix(".request") }.sorted()
        return try names.map { name in
            let parts = try readTextFile(directory + "/" + name).split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            return (String(parts[0]), String(parts[1]), parts.count > 2 ? String(parts[2]) : "")
        }
    }
}
