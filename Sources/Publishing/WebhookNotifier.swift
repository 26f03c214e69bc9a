import Foundation
import HTTP
import Masking
import Pipeline
import Platform
import Secrets
import Settings
import SlipwayModel
#if canImport(Glibc)
import Glibc
#endif

/// POSTs notifications to the webhooks of slipway.yml, retrying transport errors, 5xx and 429
/// with backoff (honouring Retry-After). A dead webhook never fails a build: each outcome comes
/// back as a line for the report, with the URL shown only up to its host (webhook URLs are often
/// credentials).
struct WebhookNotifier {
    let webhooks: [WebhookSettings]
    let secrets: SecretResolving
    /// Seconds before attempt n+1 (n from 1): 0.5, 1, 2, ... up to 8; Retry-After wins when the server sends it.
    static func backoff(after attempt: Int) -> Double {
        min(0.5 * Double(1 << (attempt - 1)), 8)
    }

    /// The webhooks this run calls (its `on` says so), by their display names.
    func planned(_ finished: FinishedRun) -> [String] {
        firing(finished).map(Self.displayName)
    }

    private func firing(_ finished: FinishedRun) -> [WebhookSettings] {
        let outcome = finished.status == .succeeded ? "success" : "failure"
        return webhooks.filter { $0.on.contains(outcome) }
    }

    /// Calls every webhook whose `on` matches; all of it ends by `deadline` (monotonic milliseconds).
    func notify(_ finished: FinishedRun, render: (WebhookSettings) throws -> String, masker: SecretMasker,
                deadline: Int64) -> [String] {
        var lines: [String] = []
        for webhook in firing(finished) {
            let name = Self.displayName(webhook)
            let url: String
            do {
                url = try webhook.url ?? secrets.value(ofParameter: webhook.urlSecret ?? "")
            } catch {
                lines.append("Webhook \(name) was not called: \(error)")
                continue
            }
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                lines.append("Webhook \(name) was not called: the secret does not hold an http:// or https:// URL")
                continue
            }
            let body: String
            do {
                body = masker.mask(try render(webhook))
            } catch {
                lines.append("Webhook \(name) was not called: \(error)")
                continue
            }
            // A URL kept as a secret is masked in what the report says about its delivery.
            let lineMasker = webhook.urlSecret == nil ? masker : SecretMasker(secrets: masker.secretValues + [url])
            lines.append(lineMasker.mask(deliver(body, to: url, name: name, attempts: webhook.attempts, deadline: deadline)))
        }
        return lines
    }

    /// One delivery with retries, none past `deadline`; returns what happened, for the log.
    func deliver(_ body: String, to url: String, name: String, attempts: Int, deadline: Int64) -> String {
        var request = HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json"), ("User-Agent", "slipway")],
                                  body: Array(body.utf8), timeoutMilliseconds: 10_000, connectTimeoutMilliseconds: 5_000)
        request.headers.append(("Accept", "*/*"))
        var last = ""
        for attempt in 1...max(1, attempts) {
            let remaining = deadline - Clock.monotonicMilliseconds()
            guard remaining > 0 else {
                return "Webhook \(name) gave up at the notification deadline (notify.deadline) after \(attempt - 1) attempt\(attempt == 2 ? "" : "s")"
                    + (last.isEmpty ? "" : ": \(last)") + ". The build's result is unchanged."
            }
            var retryAfter: Double?
            request.timeoutMilliseconds = Int(min(10_000, remaining))
            request.connectTimeoutMilliseconds = Int(min(5_000, remaining))
            do {
                let response = try HTTPClient.perform(request)
                if (200..<300).contains(response.status) {
                    return "Webhook \(name) notified (HTTP \(response.status)\(attempt > 1 ? ", attempt \(attempt) of \(attempts)" : ""))."
                }
                last = "HTTP \(response.status)" + Self.firstLine(response.text)
                guard response.status >= 500 || response.status == 429 || response.status == 408 else {
                    return "Webhook \(name) refused the notification: \(last). Check its URL and template; it was not retried."
                }
                retryAfter = response.header("Retry-After").flatMap(Double.init).map { min($0, 30) }
            } catch let error as HTTPTransportError {
                last = error.reason
            } catch {
                last = "\(error)"
            }
            if attempt < attempts {
                let seconds = min(retryAfter ?? Self.backoff(after: attempt), Double(max(0, deadline - Clock.monotonicMilliseconds())) / 1000)
                usleep(useconds_t(seconds * 1_000_000))
            }
        }
        return "Webhook \(name) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(last). The build's result is unchanged."
    }

    /// `https://hooks.example.com/…`: the scheme and host, never the path or query (tokens live there).
    static func displayName(_ webhook: WebhookSettings) -> String {
        guard let url = webhook.url else { return "(URL from secret \(webhook.urlSecret ?? "?"))" }
        guard let schemeEnd = url.range(of: "://") else { return "(invalid URL)" }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let remainder = rest.dropFirst(authority.count)
        // Credentials in the authority (user:password@host) are never shown either.
        let host = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        return String(url[..<schemeEnd.upperBound]) + host + (remainder.isEmpty || remainder == "/" ? "" : "/…")
    }

    private static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map { String($0.prefix(200)) } ?? ""
        return line.isEmpty ? "" : " (\(line))"
    }
}
