import Platform

/// Quotes a string for a POSIX shell: 'it'\''s' — safe for any byte sequence but NUL.
package func shellQuoted(_ text: String) -> String {
    "'" + text.replacingAll("'", with: "'\\''") + "'"
}
