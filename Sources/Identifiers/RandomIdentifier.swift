#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Random identifiers: resource ids, CDS Hooks card and suggestion uuids, coverage assertion
/// ids, token ids.
///
/// The bytes come from the system's generator (`/dev/urandom`, the kernel's CSPRNG) a block at
/// a time and are handed out in order, each once: Foundation's `UUID()` asks the kernel for 16
/// bytes every time, and that system call cost more than the rest of answering a CDS hook's
/// card. Taken from a block, an identifier is exactly as unpredictable.
public enum RandomIdentifier {
    /// A version 4 UUID in lowercase, as FHIR ids and CDS Hooks uuids are written:
    /// `3f2504e0-4f89-41d3-9a0c-0305e82c3301`.
    public static func uuid() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            RandomBytes.shared.fill(buffer)
            buffer[6] = buffer[6] & 0x0F | 0x40  // version 4
            buffer[8] = buffer[8] & 0x3F | 0x80  // RFC 4122 variant
        }
        return withUnsafeBytes(of: &bytes) { uuidText($0) }
    }

    /// 64 random bits.
    public static func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { RandomBytes.shared.fill($0) }
        return value
    }

    /// `8-4-4-4-12` lowercase hex digits of 16 bytes.
    static func uuidText(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.prefix(16).enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// The block of random bytes ``RandomIdentifier`` draws from, refilled when used up.
final class RandomBytes: Sendable {
    static let shared = RandomBytes()
    static let blockSize = 4096

    private struct Block {
        var bytes = [UInt8](repeating: 0, count: RandomBytes.blockSize)
        /// Bytes before this were handed out (or never filled).
        var position = RandomBytes.blockSize
    }

    private let block = Mutex(Block())

    func fill(_ target: UnsafeMutableRawBufferPointer) {
        block.withLock { block in
            var filled = 0
            while filled < target.count {
                if block.position == block.bytes.count {
                    Self.refill(&block.bytes)
                    block.position = 0
                }
                let count = min(target.count - filled, block.bytes.count - block.position)
                block.bytes.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: target[filled..<(filled + count)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[block.position..<(block.position + count)]))
                }
                // Handed out once: overwritten so the block never holds bytes already given.
                for index in block.position..<(block.position + count) { block.bytes[index] = 0 }
                block.position += count
                filled += count
            }
        }
    }

    /// New random bytes: read from `/dev/urandom`, or drawn eight at a time from the standard
    /// library's generator should the device not be readable.
    private static func refill(_ bytes: inout [UInt8]) {
        let read = bytes.withUnsafeMutableBytes { buffer -> Bool in
            #if canImport(Glibc)
            let device = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            guard device >= 0 else { return false }
            defer { close(device) }
            var done = 0
            while done < buffer.count {
                let count = Glibc.read(device, buffer.baseAddress! + done, buffer.count - done)
                if count > 0 {
                    done += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
            #else
            return false
            #endif
        }
        guard !read else { return }
        var generator = SystemRandomNumberGenerator()
        bytes.withUnsafeMutableBytes { buffer in
            for offset in stride(from: 0, to: buffer.count, by: 8) {
                withUnsafeBytes(of: generator.next()) { word in
                    UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<min(offset + 8, buffer.count)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: word[0..<min(8, buffer.count - offset)]))
                }
            }
        }
    }
}

/// A random number generator drawing from ``RandomIdentifier``'s blocks, for code written
/// against `RandomNumberGenerator`.
public struct PooledRandomGenerator: RandomNumberGenerator {
    public init() {}
    public mutating func next() -> UInt64 { RandomIdentifier.next() }
}
