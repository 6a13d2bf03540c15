import Foundation

/// The parameters of a SMART Backend Services token request, read from its
/// `application/x-www-form-urlencoded` body.
public struct TokenRequest: Sendable, Hashable {
    public static let clientCredentials = "client_credentials"
    public static let jwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    public var grantType: String
    public var clientAssertionType: String
    public var clientAssertion: String
    public var scope: String
    /// Optional in SMART; when sent it must name the assertion's issuer.
    public var clientID: String?

    public init(grantType: String, clientAssertionType: String, clientAssertion: String, scope: String, clientID: String? = nil) {
        self.grantType = grantType
        self.clientAssertionType = clientAssertionType
        self.clientAssertion = clientAssertion
        self.scope = scope
        self.clientID = clientID
    }

    /// Parses a form body, refusing what RFC 6749 refuses: repeated parameters, missing ones,
    /// and grant or assertion types other than SMART Backend Services'.
    public init(formBody body: String) throws(OAuthError) {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw OAuthError(.invalidRequest, "the body is not valid application/x-www-form-urlencoded")
            }
            guard values[name] == nil else {
                throw OAuthError(.invalidRequest, "the parameter \(name) appears more than once")
            }
            values[name] = value
        }
        func required(_ name: String) throws(OAuthError) -> String {
            guard let value = values[name], !value.isEmpty else {
                throw OAuthError(.invalidRequest, "the parameter \(name) is required")
            }
            return value
        }
        let grantType = try required("grant_type")
        guard grantType == Self.clientCredentials else {
            throw OAuthError(
                .unsupportedGrantType, "grant_type must be client_credentials (SMART Backend Services), got \(grantType)")
        }
        let assertionType = try required("client_assertion_type")
        guard assertionType == Self.jwtBearerAssertion else {
            throw OAuthError(.invalidRequest, "client_assertion_type must be \(Self.jwtBearerAssertion)")
        }
        self.init(
            grantType: grantType,
            clientAssertionType: assertionType,
            clientAssertion: try required("client_assertion"),
            scope: try required("scope"),
            clientID: values["client_id"])
    }

    /// A client-credentials request for `scope`, as a client sends it.
    public init(clientAssertion: String, scope: String, clientID: String? = nil) {
        self.init(
            grantType: Self.clientCredentials, clientAssertionType: Self.jwtBearerAssertion,
            clientAssertion: clientAssertion, scope: scope, clientID: clientID)
    }

    /// The request as an `application/x-www-form-urlencoded` body, the inverse of ``init(formBody:)``.
    public var formBody: String {
        var fields = [
            ("grant_type", grantType), ("client_assertion_type", clientAssertionType),
            ("client_assertion", clientAssertion), ("scope", scope),
        ]
        if let clientID { fields.append(("client_id", clientID)) }
        return fields.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "-._~")
        return set
    }()

    /// `+` is a space in forms; then percent-decoding.
    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
