import CLua
import CLuaShim
import FHIR

/// Reads a Lua value off the stack as JSON, using only API calls that cannot raise.
///
/// `lua_next` (on a key it produced), `lua_type`, `lua_tointegerx`, `lua_tonumberx`,
/// `lua_toboolean`, `lua_rawlen` and `lua_tolstring` on a value that *is* a string never
/// raise or allocate, so this runs in Swift outside any protected call. (`lua_tolstring` on a
/// number would convert it in place, allocating — and confusing `lua_next` — so it is never
/// used on numbers.)
///
/// The mapping: a table whose keys are exactly 1…n is an array; a table with string keys is an
/// object (members sorted by key, so records are deterministic); an empty table is `[]` unless
/// it came from an empty JSON object; integral floats below 2^53 are written as integers.
struct LuaValueReader {
    let state: OpaquePointer  // gl_state *
    let lua: OpaquePointer    // lua_State *

    /// Deepest nesting read; deeper tables are almost certainly cycles.
    static let maximumDepth = 200

    func read(at index: Int32) throws(RuleValueError) -> JSON {
        try value(at: lua_absindex(lua, index), depth: 0)
    }

    private func value(at index: Int32, depth: Int) throws(RuleValueError) -> JSON {
        switch lua_type(lua, index) {
        case LUA_TNIL: return .null
        case LUA_TBOOLEAN: return .bool(lua_toboolean(lua, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(lua, index) != 0 {
                return .number(JSONNumber(Int(lua_tointegerx(lua, index, nil))))
            }
            let double = lua_tonumberx(lua, index, nil)
            guard double.isFinite else {
                throw RuleValueError(path: "", message: "\(double) is not a JSON number")
            }
            if double == double.rounded(), abs(double) < 9_007_199_254_740_992 {
                return .number(JSONNumber(Int(double)))
            }
            return .number(JSONNumber(double))
        case LUA_TSTRING: return .string(string(at: index))
        case LUA_TTABLE: return try table(at: index, depth: depth)
        default:
            let name = String(cString: lua_typename(lua, lua_type(lua, index)))
            throw RuleValueError(path: "", message: "a \(name) cannot be part of a result")
        }
    }

    func string(at index: Int32) -> String {
        var length = 0
        guard let characters = lua_tolstring(lua, index, &length) else { return "" }
        return characters.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    private enum Key {
        case position(Int)
        case name(String)
    }

    private func table(at index: Int32, depth: Int) throws(RuleValueError) -> JSON {
        guard depth < Self.maximumDepth else {
            throw RuleValueError(path: "", message: "tables nested more than \(Self.maximumDepth) levels deep (a cycle?)")
        }
        guard lua_checkstack(lua, 4) != 0 else {
            throw RuleValueError(path: "", message: "out of Lua stack space reading the result")
        }
        var positions: [(Int, JSON)] = []
        var names: [(String, JSON)] = []
        lua_pushnil(lua)
        while lua_next(lua, index) != 0 {
            let key: Key
            switch lua_type(lua, -2) {
            case LUA_TSTRING: key = .name(string(at: -2))
            case LUA_TNUMBER where lua_isinteger(lua, -2) != 0: key = .position(Int(lua_tointegerx(lua, -2, nil)))
            default:
                let name = String(cString: lua_typename(lua, lua_type(lua, -2)))
                lua_settop(lua, -3)
                throw RuleValueError(path: "", message: "a table key must be a string or a list position, not a \(name)")
            }
            let member: JSON
            do throws(RuleValueError) {
                member = try value(at: lua_absindex(lua, -1), depth: depth + 1)
            } catch {
                lua_settop(lua, -3)
                switch key {
                case .position(let position): throw error.prefixed("[\(position)]")
                case .name(let name): throw error.prefixed(".\(name)")
                }
            }
            switch key {
            case .position(let position): positions.append((position, member))
            case .name(let name): names.append((name, member))
            }
            lua_settop(lua, -2)  // pop the value, keep the key for lua_next
        }
        if positions.isEmpty, names.isEmpty {
            return gl_marker(state, index) == 2 ? .object(JSONObject()) : .array([])
        }
        if names.isEmpty {
            positions.sort { $0.0 < $1.0 }
            let isSequence = positions.enumerated().allSatisfy { $0.offset + 1 == $0.element.0 }
            guard isSequence else {
                throw RuleValueError(path: "", message: "a list has gaps (positions must run 1…n without nil)")
            }
            return .array(positions.map(\.1))
        }
        guard positions.isEmpty else {
            throw RuleValueError(path: "", message: "a table mixes list items and named fields")
        }
        names.sort { $0.0 < $1.0 }
        return .object(JSONObject(uniqueMembers: names))
    }
}
