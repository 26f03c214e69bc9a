import Platform

/// A build image made here (nothing can be pulled on these machines): FROM scratch with a
/// static busybox and its applets, this host's `git` and `docker` clients with the libraries
/// they load, a root and a `builder` (1001) user, and one variable of its own (IMAGE_ONLY), so
/// tests can tell the image's environment from the host's.
package enum ToolboxImage {
    /// The image's name on the test engine.
    package static let name = "slipway-test/toolbox:4"

    /// Builds the image on `dockerHost` unless it is there; returns its name.
    @discardableResult
    package static func ensure(dockerHost: String) throws -> String {
        let environment = ["DOCKER_HOST": dockerHost]
        if try runCommand("docker", ["image", "inspect", name], environment: environment).succeeded { return name }
        let scratch = ScratchDirectory("toolbox-image")
        let root = scratch.file("context/root")
        for directory in ["bin", "usr/bin", "etc", "root", "home/builder", "tmp", "lib64", "lib/x86_64-linux-gnu"] {
            try makeDirectories(root + "/" + directory)
        }
        try copy("/bin/busybox", to: root + "/bin/busybox")
        for tool in ["/usr/bin/git", "/usr/bin/docker"] {
            try copy(tool, to: root + tool)
            for library in try sharedLibraries(of: tool) { try copy(library, to: root + library) }
        }
        try writeTextFileAtomically(root + "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nbuilder:x:1001:1001::/home/builder:/bin/sh\n")
        try writeTextFileAtomically(root + "/etc/group", "root:x:0:\nbuilder:x:1001:\n")
        try writeTextFileAtomically(scratch.file("context/Dockerfile"), """
            FROM scratch
            COPY root/ /
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            RUN chmod 1777 /tmp && chown 1001:1001 /home/builder
            ENV PATH=/usr/bin:/bin IMAGE_ONLY=from-the-image
            CMD ["/bin/sh"]
            """)
        let built = try runCommand("docker", ["build", "-q", "-t", name, scratch.file("context")], environment: environment)
        guard built.succeeded else { throw TestFailure("docker build of \(name) failed: \(built.errorText)") }
        return name
    }

    /// The absolute paths of the libraries `ldd` says the program loads.
    private static func sharedLibraries(of program: String) throws -> [String] {
        let listed = try runCommand("ldd", [program]).outputText
        return listed.split(separator: "\n").compactMap { line in
            line.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.hasPrefix("/") }
        }
    }

    private static func copy(_ source: String, to destination: String) throws {
        try makeDirectories(parentDirectory(destination))
        let copied = try runCommand("cp", ["-L", source, destination])
        guard copied.succeeded else { throw TestFailure("cp \(source): \(copied.errorText)") }
    }
}
