import Foundation
import Testing

@testable import Identifiers

@Suite struct RandomIdentifierTests {
    @Test func uuidsAreVersion4InLowercase() throws {
        for _ in 0..<1_000 {
            let text = RandomIdentifier.uuid()
            let uuid = try #require(UUID(uuidString: text), "\(text)")
            #expect(text == uuid.uuidString.lowercased())
            let parts = text.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12])
            #expect(Array(text)[14] == "4")  // version
            #expect("89ab".contains(Array(text)[19]))  // RFC 4122 variant
        }
    }

    /// Many more than one block's worth, from several tasks at once: no identifier twice, and
    /// every hex digit in every random position (a stuck or repeated block would show).
    @Test func identifiersDoNotRepeatAcrossBlocksAndTasks() async {
        let perTask = 3 * RandomBytes.blockSize / 16
        let all = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 { group.addTask { (0..<perTask).map { _ in RandomIdentifier.uuid() } } }
            var all: [String] = []
            for await batch in group { all += batch }
            return all
        }
        #expect(all.count == 4 * perTask)
        #expect(Set(all).count == all.count)
        for position in [0, 9, 15, 20, 35] {
            #expect(Set(all.map { Array($0)[position] }).count == 16, "position \(position)")
        }
    }

    @Test func drawsCoverAllBits() {
        var seen: UInt64 = 0, cleared: UInt64 = 0
        for _ in 0..<256 {
            let value = RandomIdentifier.next()
            seen |= value
            cleared |= ~value
        }
        #expect(seen == .max && cleared == .max)
        var generator = PooledRandomGenerator()
        #expect((0..<100).map { _ in Int.random(in: 0..<1_000_000, using: &generator) }.count == 100)
    }

    @Test func uuidTextSpellsTheBytes() {
        let bytes: [UInt8] = [0x3f, 0x25, 0x04, 0xe0, 0x4f, 0x89, 0x41, 0xd3, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01]
        #expect(bytes.withUnsafeBytes { RandomIdentifier.uuidText($0) } == "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
    }
}
