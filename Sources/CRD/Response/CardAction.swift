import FHIR

/// A CDS Hooks Action: a change the EHR applies — automatically as a system action, or when the
/// user accepts a suggestion. `description` is required by CDS Hooks 2.0 on every action.
public struct CardAction: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case create, update, delete
    }

    public var type: Kind
    public var description: String
    /// The whole resource, for create and update.
    public var resource: JSON?
    /// The relative reference of the resource to delete.
    public var resourceID: String?
    /// `davinci-crd.if-none-exist`: create only when no resource matches this query.
    public var ifNoneExist: String?

    public static func create(_ resource: JSON, description: String, ifNoneExist: String? = nil) -> CardAction {
        CardAction(type: .create, description: description, resource: resource, ifNoneExist: ifNoneExist)
    }

    public static func update(_ resource: JSON, description: String) -> CardAction {
        CardAction(type: .update, description: description, resource: resource)
    }

    public var json: JSON {
        var object: JSONObject = ["type": .string(type.rawValue), "description": .string(description)]
        if let resource { object["resource"] = resource }
        if let resourceID { object["resourceId"] = .string(resourceID) }
        if let ifNoneExist { object["extension"] = ["davinci-crd.if-none-exist": .string(ifNoneExist)] }
        return .object(object)
    }
}
