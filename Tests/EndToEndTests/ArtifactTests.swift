import History
import Platform
import SlipwayModel
import TestSupport
import Testing

/// The names in a zip, read with Python's zipfile (not with the library that wrote it).
private func zipNames(_ path: String) throws -> [String] {
    let listed = try runCommand("python3", ["-c", "import sys, zipfile; print('\\n'.join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))", path])
    guard listed.succeeded else { throw TestFailure("python3 zipfile: \(listed.errorText)") }
    return listed.outputText.split(separator: "\n").map(String.init)
}

/// One member's bytes, as text.
private func zipMember(_ path: String, _ name: String) throws -> String {
    let read = try runCommand("python3", ["-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", path, name])
    return read.outputText + read.errorText
}

@Suite("Artifacts: CodeBuild's files, base-directory, discard-paths, exclude-paths, name; one zip each", .serialized)
struct ArtifactTests {
    @Test("UPLOAD_ARTIFACTS runs after a failed BUILD; the primary and a secondary artifact are zipped, recorded with their SHA-256, listed in the report and written out by slipway artifacts")
    func artifactsAfterFailedBuild() throws {
        let fixture = try PushFixture("artifacts", config: "branches: [main]\n")
        try fixture.commit("feat: outputs", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - mkdir -p dist/lib dist/.hidden logs && echo app > dist/app.txt && echo lib > dist/lib/util.txt && echo dot > dist/.hidden/x
                  - echo debug > dist/lib/debug.log && echo first > logs/a.log && mkdir -p logs/deep && echo second > logs/deep/b.log
                  - export FLAVOUR=blue
                  - exit 2
            artifacts:
              files:
                - '**/*'
              base-directory: dist
              exclude-paths:
                - '**/*.log'
              name: app-$FLAVOUR-$(echo 42)
              secondary-artifacts:
                logs:
                  files:
                    - logs/**/*
                  discard-paths: yes
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        let log = try fixture.log(run)
        #expect(run.status == .failed, "the buildspec's own exit code decides: \(log)")
        let phases = try fixture.store().phases(of: run.id)
        #expect(phases.map(\.name).suffix(2) == ["POST_BUILD", "UPLOAD_ARTIFACTS"] || phases.last?.name == "UPLOAD_ARTIFACTS", "\(phases.map(\.name))")
        #expect(phases.last?.status == "SUCCEEDED")
        let artifacts = try fixture.store().artifacts(of: run.id)
        #expect(artifacts.map(\.name) == ["app-blue-42", "logs"], "the name is expanded in the build's shell")
        let primary = try #require(artifacts.first)
        #expect(try zipNames(primary.path) == [".hidden/x", "app.txt", "lib/util.txt"], "relative to base-directory, *.log excluded")
        let member = try zipMember(primary.path, "lib/util.txt")
        #expect(member == "lib", "the file's bytes (the output read back is trimmed of its last newline)")
        #expect(try zipNames(artifacts[1].path) == ["a.log", "b.log"], "discard-paths keeps the file names only")
        let sum = try runCommand("sha256sum", [primary.path]).outputText.split(separator: " ").first.map(String.init)
        #expect(sum == primary.sha256 && primary.fileCount == 3)
        let report = try fixture.report(run)
        #expect(report.contains("## Artifacts") && report.contains("| app-blue-42 | 3 |") && report.contains(primary.sha256))
        let listed = try SlipwayBinaries.run(["artifacts", "1", "--repo", fixture.bare])
        #expect(listed.outputText.contains("app-blue-42  3 files") && listed.outputText.contains("logs  2 files"))
        let out = fixture.scratch.file("out.zip")
        let written = try SlipwayBinaries.run(["artifacts", "1", "app-blue-42", "-o", out, "--repo", fixture.bare])
        #expect(written.succeeded, "\(written.errorText)")
        let copied = try readWholeFile(out)
        #expect(copied == (try readWholeFile(primary.path)))
        let missing = try SlipwayBinaries.run(["artifacts", "1", "nope", "--repo", fixture.bare])
        #expect(!missing.succeeded && missing.errorText.contains("run #1 has no artifact nope; it has: app-blue-42, logs"))
        try writeTextFileAtomically(primary.path, "tampered")
        let tampered = try SlipwayBinaries.run(["artifacts", "1", "app-blue-42", "-o", fixture.scratch.file("t.zip"), "--repo", fixture.bare])
        #expect(!tampered.succeeded && tampered.errorText.contains("it was changed since; not written") && !fileExists(fixture.scratch.file("t.zip")))
    }

    @Test("a files pattern that matches nothing fails UPLOAD_ARTIFACTS with CodeBuild's message and the pattern")
    func noMatch() throws {
        let fixture = try PushFixture("artifacts-none", config: "branches: [main]\n")
        try fixture.commit("feat: x", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\nartifacts:\n  files:\n    - target/*.jar\n"])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        #expect(try fixture.store().phases(of: run.id).last.map { "\($0.name) \($0.status)" } == "UPLOAD_ARTIFACTS FAILED")
        #expect(run.error?.contains("CLIENT_ERROR: no matching artifact paths found: target/*.jar") == true, "\(run.error ?? "")")
    }

    @Test("a link the build planted to a server file is left out of the zip with a warning; a link inside the checkout is followed")
    func plantedLinks() throws {
        let fixture = try PushFixture("artifacts-links", config: "branches: [main]\n")
        try fixture.commit("feat: links", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - mkdir out && echo real > out/real.txt && ln -s real.txt out/inside.txt
                  - ln -s \(fixture.bare)/slipway.yml out/config.yml && ln -s ../../../../slipway.yml out/relative.yml
            artifacts:
              files: ['out/**/*']
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        let log = try fixture.log(run)
        #expect(run.status == .succeeded, "\(log)")
        let artifact = try #require(try fixture.store().artifacts(of: run.id).first)
        #expect(try zipNames(artifact.path) == ["out/inside.txt", "out/real.txt"])
        #expect(try zipMember(artifact.path, "out/inside.txt") == "real", "the link inside the checkout is stored as its target's bytes")
        let report = try fixture.report(run)
        #expect(report.contains("out/config.yml is left out of artifact: it is a link that leads out of the checkout"), "\(report)")
        #expect(report.contains("out/relative.yml is left out of artifact"))
    }

    @Test("artifacts.s3-bucket uploads each zip with Slipway's signer, multipart above 64 MiB; the object equals the kept zip (moto_server)")
    func uploadsToS3() throws {
        let moto = try TestServices.moto()
        let bucket = "slipway-artifacts-\(uniqueSuffix())"
        try TestServices.aws(["s3", "mb", "s3://\(bucket)"])
        let fixture = try PushFixture("artifacts-s3", config: "branches: [main]\nartifacts:\n  s3-bucket: \(bucket)\n  s3-endpoint: \(moto)\n")
        try fixture.commit("feat: big", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - mkdir out && echo small > out/small.txt && head -c 70000000 /dev/urandom > big.bin
            artifacts:
              files: ['out/*']
              secondary-artifacts:
                big:
                  files: [big.bin]
            """])
        // The worker the hook starts gets the pusher's environment: moto's test credentials.
        try git("push", "-q", "origin", "HEAD:refs/heads/main", in: fixture.clone, environment: try TestServices.awsEnvironment())
        let run = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let artifacts = try fixture.store().artifacts(of: run.id)
        #expect(artifacts.map(\.name) == ["artifact", "big"])
        for artifact in artifacts {
            let key = "slipway/app/\(run.id)/\(artifact.name).zip"
            #expect(artifact.location == "s3://\(bucket)/\(key)")
            let copy = fixture.scratch.file("\(artifact.name).downloaded")
            try TestServices.aws(["s3", "cp", "s3://\(bucket)/\(key)", copy])
            let sum = try runCommand("sha256sum", [copy]).outputText.split(separator: " ").first.map(String.init)
            #expect(sum == artifact.sha256, "the object in S3 is the zip kept here")
        }
        #expect((artifacts.last?.sizeBytes ?? 0) > 64 << 20, "the big one went up in parts")
        #expect(try fixture.report(run).contains("s3://\(bucket)/slipway/app/\(run.id)/big.zip"))
    }
}
