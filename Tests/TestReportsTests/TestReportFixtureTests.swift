import BuildSpec
import Foundation
import Pipeline
import Platform
import Runner
import Testing
import TestReports
import TestSupport

/// Report files real tools wrote (pytest 9.2, pytest-nunit 1.0.7, coverage.py 7.17.5 and
/// pytest-bdd 9.0.1 over a small suite), read through the collector and checked against the
/// totals the files themselves declare.
@Suite("Test reports")
struct TestReportFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    final class Lines: OutputSink {
        var text = ""
        func write(_ bytes: UnsafeRawBufferPointer) { text += String(decoding: bytes, as: UTF8.self) }
    }

    func read(_ file: String, _ format: TestReportFormat, contents: String? = nil) throws -> TestReportOutcome {
        let directory = ScratchDirectory("reports")
        defer { withExtendedLifetime(directory) {} }
        let source = directory.path + "/src"
        try FileManager.default.createDirectory(atPath: source + "/reports", withIntermediateDirectories: true)
        if let contents {
            try contents.write(toFile: source + "/reports/" + file, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.copyItem(atPath: Self.fixtures + "/" + file, toPath: source + "/reports/" + file)
        }
        var group = ReportGroupSpec(name: "unit", files: ["**/*"], line: 1)
        group.baseDirectory = "reports"
        group.format = format
        return TestReportCollector().read(groups: [group], sourceDirectory: source, log: Lines())
    }

    @Test("pytest's JUnit XML: 2 passed, 2 failed, 1 skipped, with the assertion messages")
    func pytestJUnit() throws {
        let outcome = try read("pytest-junit.xml", .junitXML)
        let group = try #require(outcome.groups.first)
        #expect(group.tests == TestCounts(passed: 2, failed: 2, skipped: 1, errors: 0, durationMilliseconds: 1))
        #expect(group.failures.map(\.name) == ["test_add_wrong", "test_divide_error"])
        #expect(group.failures.first?.suite == "test_calc")
        #expect(group.failures.first?.message.hasPrefix("AssertionError: two and two make four") == true)
        #expect(group.failures.last?.details.contains("raise ZeroDivisionError") == true)
        #expect(outcome.warnings.isEmpty)
    }

    @Test("pytest-nunit's NUnit 3 XML matches its declared total=5 passed=2 failed=2 skipped=1")
    func nunit3() throws {
        let group = try #require(try read("pytest-nunit3.xml", .nunit3XML).groups.first)
        #expect(group.tests?.passed == 2)
        #expect(group.tests?.failed == 2)
        #expect(group.tests?.skipped == 1)
        #expect(group.failures.contains { $0.name.contains("test_add_wrong") && $0.message.contains("two and two make four") })
    }

    @Test("coverage.py's Cobertura XML: its declared lines-covered 19 of 23, branches 2 of 4")
    func cobertura() throws {
        let group = try #require(try read("coverage-py-cobertura.xml", .coberturaXML).groups.first)
        #expect(group.coverage == CoverageCounts(linesCovered: 19, linesTotal: 23, branchesCovered: 2, branchesTotal: 4))
    }

    @Test("pytest-bdd's Cucumber JSON: one scenario passed, one failed at its Then step")
    func cucumber() throws {
        let group = try #require(try read("pytest-bdd-cucumber.json", .cucumberJSON).groups.first)
        #expect(group.tests?.passed == 1)
        #expect(group.tests?.failed == 1)
        #expect(group.failures.first?.name == "Adding numbers wrongly")
    }

    @Test("a truncated report is a warning naming the file and the parser's line, and the rest is still read")
    func malformed() throws {
        let outcome = try read("broken.xml", .junitXML, contents: "<testsuite>\n<testcase name=\"a\">\n<failure>")
        #expect(outcome.groups.first?.fileCount == 0)
        let warning = try #require(outcome.warnings.first)
        #expect(warning.contains("reports/broken.xml"))
        #expect(warning.contains("line 3"))
    }

    @Test("TestNG, TRX, JaCoCo and Clover files in each format's documented shape (not written by those tools here)")
    func documentedShapes() throws {
        let testng = """
        <testng-results skipped="1" failed="1" total="3" passed="1"><suite name="s"><test name="t">
        <class name="com.example.CalcTest">
        <test-method status="PASS" signature="setUp()" name="setUp" is-config="true" duration-ms="1"/>
        <test-method status="PASS" name="adds" duration-ms="12"/>
        <test-method status="FAIL" name="divides" duration-ms="3"><exception class="java.lang.AssertionError">
        <message><![CDATA[expected [2] but found [3]]]></message><full-stacktrace><![CDATA[java.lang.AssertionError: expected [2] but found [3]
        at com.example.CalcTest.divides(CalcTest.java:20)]]></full-stacktrace></exception></test-method>
        <test-method status="SKIP" name="later" duration-ms="0"/>
        </class></test></suite></testng-results>
        """
        let ng = try #require(try read("testng-results.xml", .testNGXML, contents: testng).groups.first)
        #expect(ng.tests == TestCounts(passed: 1, failed: 1, skipped: 1, errors: 0, durationMilliseconds: 15))
        #expect(ng.failures.first?.suite == "com.example.CalcTest")
        #expect(ng.failures.first?.message == "expected [2] but found [3]")

        let trx = """
        <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>
        <UnitTestResult testId="1" testName="Calc.Tests.Adds" outcome="Passed" duration="00:00:00.0100000"/>
        <UnitTestResult testId="2" testName="Calc.Tests.Divides" outcome="Failed" duration="00:00:01.5000000">
        <Output><ErrorInfo><Message>Assert.Equal() Failure</Message><StackTrace>at Calc.Tests.Divides() in Tests.cs:line 9</StackTrace></ErrorInfo></Output></UnitTestResult>
        <UnitTestResult testId="3" testName="Calc.Tests.Later" outcome="NotExecuted"/>
        </Results><TestDefinitions><UnitTest id="2" name="Divides"><TestMethod className="Calc.Tests, Calc" name="Divides"/></UnitTest></TestDefinitions></TestRun>
        """
        let vs = try #require(try read("run.trx", .visualStudioTRX, contents: trx).groups.first)
        #expect(vs.tests == TestCounts(passed: 1, failed: 1, skipped: 1, errors: 0, durationMilliseconds: 1510))
        #expect(vs.failures.first.map { "\($0.suite) \($0.name) \($0.message)" } == "Calc.Tests Divides Assert.Equal() Failure")

        let jacoco = """
        <report name="calc"><package name="p"><counter type="LINE" missed="99" covered="1"/></package>
        <counter type="INSTRUCTION" missed="5" covered="50"/><counter type="BRANCH" missed="3" covered="5"/><counter type="LINE" missed="4" covered="36"/></report>
        """
        let jc = try #require(try read("jacoco.xml", .jacocoXML, contents: jacoco).groups.first)
        #expect(jc.coverage == CoverageCounts(linesCovered: 36, linesTotal: 40, branchesCovered: 5, branchesTotal: 8))

        let clover = """
        <coverage generated="1"><project timestamp="1"><metrics statements="50" coveredstatements="45" conditionals="10" coveredconditionals="6" files="2"/>
        <file name="a.php"><metrics statements="10" coveredstatements="1"/></file></project></coverage>
        """
        let cl = try #require(try read("clover.xml", .cloverXML, contents: clover).groups.first)
        #expect(cl.coverage == CoverageCounts(linesCovered: 45, linesTotal: 50, branchesCovered: 6, branchesTotal: 10))
    }
}
