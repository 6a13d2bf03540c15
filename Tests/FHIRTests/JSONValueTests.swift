import FHIR
import Foundation
import Testing

@Suite("JSON values and objects")
struct JSONValueTests {
    @Test func accessorsAnswerOnlyForTheirCase() {
        let json: JSON = ["s": "x", "b": false, "n": 3, "a": [1], "o": ["k": "v"], "z": nil]
        #expect(json["s"]?.string == "x")
        #expect(json["s"]?.bool == nil)
        #expect(json["b"]?.bool == false)
        #expect(json["n"]?.int == 3)
        #expect(json["n"]?.string == nil)
        #expect(json["a"]?.array == [1])
        #expect(json["a"]?[0] == 1)
        #expect(json["a"]?[1] == nil)
        #expect(json["o"]?.object?["k"] == "v")
        #expect(json["z"]?.isNull == true)
        #expect(json["missing"] == nil)
        #expect(json["s"]?["x"] == nil)
        #expect(json[0] == nil)
    }

    @Test func settingMembers() {
        var json: JSON = ["resourceType": "Patient", "id": "p1"]
        json["active"] = true
        json["id"] = "p2"
        json["resourceType"] = nil
        #expect(json.object?.keys == ["id", "active"])
        #expect(json["id"] == "p2")
        var notAnObject: JSON = [1, 2]
        notAnObject["x"] = 1
        #expect(notAnObject == [1, 2])
    }

    @Test func objectEqualityIgnoresOrder() throws {
        let a = try JSON.parse(#"{"a":1,"b":[true,{"c":null,"d":"e"}]}"#)
        let b = try JSON.parse(#"{"b":[true,{"d":"e","c":null}],"a":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(a.serializedString() != b.serializedString())
        // Arrays are ordered; number literals are compared as written.
        #expect(try JSON.parse("[1,2]") != JSON.parse("[2,1]"))
        #expect(try JSON.parse("1.50") != JSON.parse("1.5"))
        #expect(try JSON.parse(#"{"a":1}"#) != JSON.parse(#"{"a":1,"b":2}"#))
    }

    /// Copies share storage until one changes; the comparison's shortcut for shared storage
    /// must not make a changed copy equal to its original.
    @Test func aCopyIsEqualUntilItChanges() throws {
        let original = try JSON.parse(#"{"resourceType":"Patient","id":"p1","name":[{"family":"Lovelace"}]}"#)
        var copy = original
        #expect(copy == original)
        copy["id"] = "p2"
        #expect(copy != original)
        func renamed(_ family: String) -> JSON {
            var patient = original
            var name = original["name"]?[0] ?? [:]
            name["family"] = .string(family)
            patient["name"] = [name]
            return patient
        }
        #expect(renamed("Byron") != original)
        #expect(renamed("Lovelace") == original)
    }

    @Test func largeObjectsKeepOrderAndFindKeys() {
        var object = JSONObject()
        for index in 0..<1000 {
            object["k\(index)"] = .number(JSONNumber(index))
        }
        #expect(object.count == 1000)
        #expect(object["k737"] == 737)
        #expect(object.keys.prefix(3) == ["k0", "k1", "k2"])
        #expect(object.removeValue(forKey: "k1") == 1)
        #expect(object.removeValue(forKey: "k1") == nil)
        #expect(object["k1"] == nil)
        #expect(object["k999"] == 999)
        #expect(object.keys.prefix(3) == ["k0", "k2", "k3"])
        object["k0"] = "replaced"
        #expect(object.keys.first == "k0")
        #expect(object.values.first == "replaced")
        // Shrinking back below the index threshold keeps lookups right.
        for index in 2..<995 { object["k\(index)"] = nil }
        #expect(object.keys == ["k0", "k995", "k996", "k997", "k998", "k999"])
        #expect(object["k998"] == 998)
    }

    @Test func objectFromPairs() {
        let object = JSONObject([("b", 1), ("a", 2), ("b", 3)])
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == 3)
        let literal: JSONObject = ["x": true]
        #expect(Array(literal.map(\.key)) == ["x"])
        #expect(JSONObject().isEmpty)
    }

    @Test func codableThroughFoundation() throws {
        let json: JSON = ["resourceType": "Patient", "n": 2, "d": 2.5, "flags": [true, nil], "name": [["family": "Shaw"]]]
        let data = try JSONEncoder().encode(json)
        let decoded = try JSONDecoder().decode(JSON.self, from: data)
        #expect(decoded == json)
        struct Wrapper: Codable, Equatable {
            var payload: JSON
        }
        let wrapper = Wrapper(payload: json)
        #expect(try JSONDecoder().decode(Wrapper.self, from: JSONEncoder().encode(wrapper)) == wrapper)
    }
}
