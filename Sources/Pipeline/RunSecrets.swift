import Masking

/// The secret values of one run, owned by the pipeline and handed explicitly to everything that
/// writes or publishes: the log writer, the image publisher, the finisher. Values are only ever
/// added (a resolved `env.parameter-store` value, a registry password), never swapped, so every
/// reader masks with the whole set known so far. `version` tells a reader that the set grew.
package final class RunSecrets: @unchecked Sendable {
    package private(set) var masker: SecretMasker
    /// Counts the additions; a reader that cached a stream compares it.
    package private(set) var version = 0

    package init(values: [String] = []) {
        masker = values.isEmpty ? .none : SecretMasker(secrets: values)
    }

    /// Adds values; masking them starts with the next byte any reader writes.
    package func add(_ values: [String]) {
        let new = values.filter { !masker.secretValues.contains($0) }
        guard !new.isEmpty else { return }
        masker = SecretMasker(secrets: masker.secretValues + new)
        version += 1
    }

    /// `text` with every known secret replaced.
    package func mask(_ text: String) -> String {
        masker.mask(text)
    }

    /// True when `text` holds a known secret in any of its masked forms.
    package func containsSecret(_ text: String) -> Bool {
        masker.containsSecret(text)
    }
}
