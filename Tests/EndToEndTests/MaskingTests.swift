import History
import Platform
import SlipwayModel
import TestSupport
import Testing

@Suite("Secrets never leak: log, report, database, terminal", .serialized)
struct MaskingEndToEndTests {
    @Test("echoed, split, stderr, base64 and multi-line secrets are masked everywhere; exports of secrets are refused")
    func masking() throws {
        let moto = try TestServices.moto()
        let id = uniqueSuffix()
        let password = "hunter2-correct-horse-\(id)"
        let token = "tok_\(id)_ZXhhbXBsZQ"
        let keyLines = ["-----BEGIN TEST KEY-----", "line-one-of-key-material-\(id)", "line-two-of-key-material-\(id)", "-----END TEST KEY-----"]
        let base64Token = String(decoding: try runCommand("base64", ["-w0"], input: token).output, as: UTF8.self)
        try TestServices.aws(["ssm", "put-parameter", "--name", "/ci/\(id)/api-token", "--value", token, "--type", "SecureString"])

        let fixture = try PushFixture("masking", config: """
            branches: [main]
            secrets:
              allow: ["/ci/**", "ci/**"]
              parameter-store: aws
              secrets-manager: local
              aws:
                endpoint: \(moto)
                region: us-east-1
            """)
        try fixture.store().forgetRef("none")
        let put = try SlipwayBinaries.run(["secrets", "put", "ci/\(id)/db-password", "--repo", fixture.bare], input: password + "\n")
        #expect(put.succeeded)
        try SlipwayBinaries.run(["secrets", "put", "ci/\(id)/signing-key", "--repo", fixture.bare], input: keyLines.joined(separator: "\n"))
        try fixture.commit("feat: uses secrets", files: ["buildspec.yml": """
            version: 0.2
            env:
              parameter-store:
                API_TOKEN: /ci/\(id)/api-token
              secrets-manager:
                DB_PASSWORD: ci/\(id)/db-password
                SIGNING_KEY: ci/\(id)/signing-key
              exported-variables: [DB_PASSWORD, COPY]
            phases:
              build:
                commands:
                  - echo "password is $DB_PASSWORD"
                  - printf '%s' "${DB_PASSWORD%????????????}"; sleep 0.2; printf '%s\\n' "${DB_PASSWORD#${DB_PASSWORD%????????????}}"
                  - echo "token on stderr $API_TOKEN" >&2
                  - printf '%s' "$API_TOKEN" | base64
                  - echo "$SIGNING_KEY"
                  - COPY="$DB_PASSWORD"
                  - echo "failing on purpose with $DB_PASSWORD"; exit 1
            """])
        try git("push", "-q", "origin", "HEAD:refs/heads/main", in: fixture.clone)
        Clock.sleep(milliseconds: 200)
        let terminal = try SlipwayBinaries.run(["run", "--branch", "main", "--repo", fixture.bare], environment: try TestServices.awsEnvironment())
        let runs = try fixture.waitForRuns(1)
        let run = try #require(runs.last)
        #expect(run.status == .failed)

        let log = try fixture.log(run)
        let report = try fixture.report(run)
        let dump = try runCommand("sqlite3", [fixture.bare + "/slipway/history.sqlite", ".dump"]).outputText
        let captured = terminal.outputText + terminal.errorText
        let secrets = [password, token, base64Token] + keyLines.filter { $0.contains(id) }
        for (name, text) in [("log", log), ("report", report), ("database dump", dump), ("terminal", captured)] {
            for secret in secrets {
                #expect(!text.contains(secret), "\(name) leaks \(secret)")
            }
        }
        #expect(log.contains("password is ***\n"))
        #expect(log.contains("token on stderr ***\n"))
        #expect(log.contains("sleep 0.2; printf '%s\\n' \"${DB_PASSWORD#${DB_PASSWORD%????????????}}\"\n***\n"),
                "a secret printed in two writes, 0.2 s apart, is one ***")
        #expect(log.contains("Running command printf '%s' \"$API_TOKEN\" | base64\n***\n"), "its base64 form is masked")
        #expect(log.contains("Running command echo \"$SIGNING_KEY\"\n***\n"), "a multi-line key is masked line by line")
        #expect(captured.contains("password is ***"), "the terminal got the masked stream")
        #expect(report.contains("failing on purpose with ***"), "the report's log tail is masked")
        let exported = try fixture.store().exportedVariables(of: run.id)
        #expect(exported.map(\.name) == ["COPY"], "a secret variable is never exported")
        #expect(exported.first?.value == "***", "a value that holds a secret is masked before it is stored")
        #expect(try fixture.store().warnings(of: run.id).contains { $0.contains("DB_PASSWORD is not exported: it holds a secret") })
    }

    @Test("a build asking for a secret the allowlist does not list fails, naming the secret and line")
    func notAllowed() throws {
        let fixture = try PushFixture("notallowed", config: "branches: [main]\nsecrets:\n  allow: ['/public/*']\n")
        try fixture.commit("feat: greedy", files: ["buildspec.yml": """
            version: 0.2
            env:
              parameter-store:
                ROOT_PASSWORD: /private/root
            phases:
              build:
                commands:
                  - echo never
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        let report = try fixture.report(run)
        #expect(report.contains("buildspec.yml:4: env.parameter-store.ROOT_PASSWORD: secret /private/root is not allowed (AccessDenied)"))
        #expect(!(try fixture.log(run)).contains("never\n"))
    }
}
