import Platform

/// The installed hook file: `#!<slipway-hook> post-receive`, comments, and the path of a hook
/// kept from before Slipway (`# previous-hook: <path>`), which runs after Slipway's work.
package enum HookScript {
    /// The path of the kept hook named in the hook file, if any.
    package static func previousHook(inScript path: String) -> String? {
        guard let text = try? readTextFile(path) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("# previous-hook:") {
            let value = line.dropFirst("# previous-hook:".count).drop { $0 == " " }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// Runs the kept hook with the same input and arguments, passing its output through;
    /// returns its exit status (a push's hook status is the last hook's).
    package static func runPrevious(_ path: String, input: String) -> Int32 {
        do {
            let pipe = try makePipe()
            let child = try ChildProcess.spawn(executable: path, arguments: [], environment: ProcessEnvironment.current(),
                                               standardInput: pipe.read.raw, standardOutput: 1, standardError: 2)
            pipe.read.close()
            try? pipe.write.writeAll(input)
            pipe.write.close()
            return child.wait().code
        } catch {
            var message = "slipway: the previous post-receive hook \(path) could not run: \(error)\n"
            message.withUTF8 { bytes in
                let out = FileDescriptor(raw: 2)
                try? out.writeAll(UnsafeRawBufferPointer(bytes))
                out.release()
            }
            return 1
        }
    }
}
