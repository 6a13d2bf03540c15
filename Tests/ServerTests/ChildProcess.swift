import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for the tests that drive the `greenlight`
/// executable.
///
/// Not Foundation's `Process`: on Linux its `run()` lists `/proc/self/fd` to close the parent's
/// descriptors and copies each `dirent`'s whole 256-byte name field, reading past glibc's buffer;
/// with the many descriptors a test process holds it crashed about one suite run in five
/// (swift-corelibs-foundation pull request 5472, merged after the 6.3 toolchains). Here the
/// child closes every inherited descriptor above 2 with glibc's own file action.
final class ChildProcess: Sendable {
    let processIdentifier: pid_t
    /// The exit status once reaped (`waitpid`); the lock also keeps two reapers apart.
    private let exit = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` in `directory`, standard output and error both to
    /// `output` (a descriptor the caller keeps open for the child to write to).
    init(executable: String, arguments: [String], directory: String, output: Int32) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        guard let closeFrom = Self.closeFrom, let changeDirectory = Self.changeDirectory else {
            throw ChildProcessError("glibc lacks posix_spawn_file_actions_addclosefrom_np or _addchdir_np")
        }
        _ = closeFrom(&actions, 3)
        _ = directory.withCString { changeDirectory(&actions, $0) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard started == 0 else { throw ChildProcessError("posix_spawn \(executable): \(String(cString: strerror(started)))") }
        processIdentifier = pid
    }

    var isRunning: Bool {
        reap(blocking: false) == nil
    }

    /// The exit status (128 + the signal for a killed child); waits for the end.
    func waitUntilExit() -> Int32 {
        reap(blocking: true) ?? -1
    }

    func send(_ signal: Int32) {
        if isRunning { kill(processIdentifier, signal) }
    }

    private func reap(blocking: Bool) -> Int32? {
        exit.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            let result = waitpid(processIdentifier, &raw, blocking ? 0 : WNOHANG)
            guard result == processIdentifier else { return nil }
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
            let signal = raw & 0x7F
            status = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
            return status
        }
    }

    /// glibc's spawn file actions that Swift's Glibc module does not declare (they are GNU
    /// extensions), looked up by name.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    private static let changeDirectory: ChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}

struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
