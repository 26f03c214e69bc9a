@testable import YAMLSchema
import Testing

@Suite("Suggestions for unknown keys")
struct SuggestionTests {
    @Test("close misspellings get a suggestion, unrelated words do not",
          arguments: [("comands", "commands"), ("pre-build", "pre_build"), ("moed", "mode"), ("Phases", "phases"),
                      ("colour", nil), ("x", nil)] as [(String, String?)])
    func suggestion(word: String, expected: String?) {
        #expect(closestMatch(to: word, among: ["commands", "pre_build", "mode", "phases", "finally"]) == expected)
    }
}
