#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Synchronization

/// The closed loop of ``HTTPLoad`` with a load generator that costs next to nothing: one
/// thread and one keep-alive HTTP/1.1 connection per client, plain blocking sockets, each
/// request's bytes written with one `writev` and its answer read up to its `Content-Length`.
///
/// The load generator shares the machine's two cores with the server, so whatever it spends
/// is taken from the server's throughput. AsyncHTTPClient spent about a tenth of the CPU of a
/// PAS submission on its side (a 14 kB request, a 10 kB answer); this spends a few syscalls,
/// as `wrk` would. What is measured is the same: requests on the wire, answered in full.
struct SocketLoad: Sendable {
    /// One request: the head's lines after the request line (`Name: value`), and the body.
    struct Request: Sendable {
        var method = "GET"
        var path: String
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    let port: Int
    /// The request numbered `n`.
    let request: @Sendable (Int) -> Request
    var expectedStatus = 200

    /// `total` requests from `concurrency` clients, each waiting for its answer before the next.
    func closedLoop(total: Int, concurrency: Int, firstRequest: Int = 0) async -> HTTPLoad.Result {
        let outcomes = Mutex<[[HTTPLoad.Result.Outcome]]>([])
        let started = ContinuousClock.now, cpuStarted = processCPUTime()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let remaining = Mutex(concurrency)
            for worker in 0..<concurrency {
                // Threads of their own: a client blocks in recv, which must not hold one of
                // Swift concurrency's few threads (the server runs on them too).
                let thread = Thread {
                    let mine = client(worker: worker, total: total, concurrency: concurrency, firstRequest: firstRequest)
                    outcomes.withLock { $0.append(mine) }
                    if remaining.withLock({ $0 -= 1; return $0 }) == 0 { done.resume() }
                }
                thread.start()
            }
        }
        var result = HTTPLoad.Result()
        result.elapsed = ContinuousClock.now - started
        result.cpu = processCPUTime() - cpuStarted
        for outcome in outcomes.withLock({ $0 }).joined() { result.record(outcome) }
        return result
    }

    private func client(worker: Int, total: Int, concurrency: Int, firstRequest: Int) -> [HTTPLoad.Result.Outcome] {
        var outcomes: [HTTPLoad.Result.Outcome] = []
        var connection: Connection?
        var n = worker
        while n < total {
            let start = ContinuousClock.now
            do {
                if connection == nil { connection = try Connection(port: port) }
                let call = request(firstRequest + n)
                let status = try connection!.exchange(head(call), call.body)
                outcomes.append(status == expectedStatus ? .answered(ContinuousClock.now - start) : .failed("status \(status)"))
            } catch {
                outcomes.append(.failed("\(error)"))
                connection = nil
            }
            n += concurrency
        }
        return outcomes
    }

    private func head(_ request: Request) -> [UInt8] {
        var text = "\(request.method) \(request.path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in request.headers { text += "\(name): \(value)\r\n" }
        if request.method != "GET" || !request.body.isEmpty { text += "Content-Length: \(request.body.count)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One keep-alive connection to the server.
    private final class Connection {
        let descriptor: Int32
        /// Bytes read past the last answer (none, with one request in flight; kept for safety).
        var buffer: [UInt8] = []
        private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
            var yes: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(descriptor)
                throw Failure(description: "connect: errno \(errno)")
            }
        }

        deinit { close(descriptor) }

        /// Sends `head` and `body`, reads the whole answer; its status.
        func exchange(_ head: [UInt8], _ body: [UInt8]) throws -> Int {
            try send(head, body)
            // The head: up to the blank line.
            var headEnd: Int?
            while headEnd == nil {
                headEnd = Self.endOfHead(in: buffer)
                if headEnd == nil { try receive() }
            }
            // Read as bytes: splitting the head into Strings cost the generator a third of its CPU.
            let (status, length) = try Self.statusAndLength(buffer[..<headEnd!])
            let bodyLength = length ?? 0
            let answerEnd = headEnd! + bodyLength
            while buffer.count < answerEnd { try receive() }
            buffer.removeFirst(answerEnd)
            return status
        }

        private func send(_ head: [UInt8], _ body: [UInt8]) throws {
            var sent = 0
            let total = head.count + body.count
            while sent < total {
                let written: Int = head.withUnsafeBytes { headBytes in
                    body.withUnsafeBytes { bodyBytes in
                        var vectors: [iovec] = []
                        if sent < head.count {
                            vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: headBytes.baseAddress! + sent), iov_len: head.count - sent))
                            if !body.isEmpty { vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress!), iov_len: body.count)) }
                        } else {
                            let offset = sent - head.count
                            vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress! + offset), iov_len: body.count - offset))
                        }
                        return writev(descriptor, vectors, Int32(vectors.count))
                    }
                }
                guard written > 0 else { throw Failure(description: "write: errno \(errno)") }
                sent += written
            }
        }

        private func receive() throws {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure(description: count == 0 ? "connection closed" : "read: errno \(errno)") }
            buffer.append(contentsOf: chunk[..<count])
        }

        /// The status code and `Content-Length` of an answer's head (through its blank line).
        static func statusAndLength(_ head: ArraySlice<UInt8>) throws -> (status: Int, length: Int?) {
            let lines = head.split(separator: 10).map { $0.last == 13 ? $0.dropLast() : $0 }
            // `HTTP/1.1 200 OK`
            guard let statusLine = lines.first, statusLine.count >= 12,
                let status = Int(String(decoding: statusLine.dropFirst(9).prefix(3), as: UTF8.self))
            else { throw Failure(description: "no status line") }
            var length: Int?
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
                let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
                if name == "transfer-encoding" { throw Failure(description: "chunked answers are not read here") }
                if name == "content-length" {
                    let digits = line[line.index(after: colon)...].filter { $0 != UInt8(ascii: " ") && $0 != 9 }
                    length = Int(String(decoding: digits, as: UTF8.self))
                }
            }
            return (status, length)
        }

        /// The index just past `\r\n\r\n`, if the head is complete.
        static func endOfHead(in bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 3..<bytes.count
            where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
                return index + 1
            }
            return nil
        }
    }
}
