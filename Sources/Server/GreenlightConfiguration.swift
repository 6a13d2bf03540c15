import CaseStore
import FHIR
import PAS
import Foundation

/// Everything `greenlight serve` can be told, with the embedded defaults.
///
/// Read from a JSON file (`--config FILE`); command-line flags override the file. Every key is
/// optional, so a config file states only what differs from the default. Unknown keys are
/// refused: a misspelt setting that silently does nothing is worse than an error.
public struct GreenlightConfiguration: Sendable, Equatable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// The SQLite file of the embedded default.
    public var databasePath: String = "./data/greenlight.sqlite"
    /// The public base URL of the FHIR API, used in absolute links (`fullUrl`, paging links,
    /// the CapabilityStatement's `implementation.url`). Derived from host and port when unset.
    public var baseURL: String?
    public var rulesDirectory: String = "./Rules"
    public var questionnairesDirectory: String = "./Questionnaires"
    public var fixturesDirectory: String = "./Fixtures"
    /// Load the demo plan from `Fixtures/demo` when the store has no members yet.
    public var seedDemoWhenEmpty: Bool = true
    public var logLevel: String = "info"
    /// `text` for people, `json` for log pipelines.
    public var logFormat: LogFormat = .text
    /// How often the clock sweep looks for cases near or past their due time.
    public var clockSweepIntervalSeconds: Double = 60
    /// Warn this many hours before a standard case is due.
    public var nearDueStandardHours: Double = 24
    /// Warn this many hours before an expedited case is due.
    public var nearDueExpeditedHours: Double = 6
    /// The plan's time zone, used where "calendar days" need a wall clock.
    public var timeZone: String = "America/New_York"
    /// `required` (the default) or `disabled` — development only, and loud about it.
    public var authentication: Authenticator.Mode = .required
    /// How long an access token from `POST /token` is valid.
    public var accessTokenLifetimeSeconds: Double = 300
    /// How often the server's token-signing key is replaced.
    public var signingKeyRotationHours: Double = 24
    /// Token requests allowed per minute, per client and per address.
    public var tokenRequestsPerMinute: Int = 60
    /// Failed authentications (per client or address) within five minutes before a lockout.
    public var failedAuthenticationsBeforeLockout: Int = 10
    /// How long a lockout lasts.
    public var lockoutSeconds: Double = 300
    /// How long a client's JWKS fetched from its `jku` is trusted before it is fetched again.
    public var jwksCacheSeconds: Double = 300
    /// How often the rules directory is checked for changes (a change reloads the policies).
    public var rulesPollIntervalSeconds: Double = 2
    /// Browser origins allowed to call the CDS Hooks service (`https://sandbox.cds-hooks.org`);
    /// `"*"` allows any. Empty: no cross-origin browser calls (EHR servers need none).
    public var corsAllowedOrigins: [String] = []
    /// How long the CRD service waits for the EHR's FHIR server per request, in seconds.
    public var fhirFetchTimeoutSeconds: Double = 5
    /// Payers, plans, registered clients and members' recent history are served from memory; a
    /// change made by another process (the command line on the same database) shows within this
    /// many seconds or a quarter of a second, whichever is less. `0` reads them every time.
    public var directoryCacheSeconds: Double = 5
    /// What an answered write survives: `process` (a killed process; the default) or `full`
    /// (a power loss too: fsync before every answer).
    public var durability: CaseStoreSettings.Durability = .process
    /// The Da Vinci PAS version answers follow where versions differ (`2.0.1`, `2.1`, `2.2`;
    /// default 2.1). Requests of every version are accepted; an inquiry in the 2.2 form gets the
    /// 2.2 answer whatever this says.
    public var pasVersion: PASVersion = .v2_1
    /// How often the subscription worker looks for handshakes to send and notifications due.
    public var subscriptionPollIntervalSeconds: Double = 1
    /// The wait after a notification's first failed delivery; it doubles with each failure.
    public var subscriptionRetryBaseSeconds: Double = 30
    /// The longest wait between two delivery attempts.
    public var subscriptionRetryMaxSeconds: Double = 3600
    /// How long one notification POST may take, unless the subscription asks for less
    /// (`backport-timeout`).
    public var subscriptionTimeoutSeconds: Double = 10

    public enum LogFormat: String, Sendable, Codable, Equatable, CaseIterable {
        case text, json
    }

    public init() {}

    /// The base URL the server advertises.
    public var effectiveBaseURL: String {
        if let baseURL, !baseURL.isEmpty {
            return baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        }
        return "http://\(host):\(port)"
    }

    /// The case store's policy settings (time zone, near-due thresholds) from this configuration.
    /// `validate()` has already checked the time zone, so the fallback is never taken in practice.
    public var caseStoreSettings: CaseStoreSettings {
        CaseStoreSettings(
            timeZone: TimeZone(identifier: timeZone) ?? CaseStoreSettings.defaultTimeZone,
            nearDueStandard: nearDueStandardHours * 3600,
            nearDueExpedited: nearDueExpeditedHours * 3600,
            directoryCacheSeconds: directoryCacheSeconds,
            durability: durability)
    }

    /// The token endpoint's URL: what every client assertion's `aud` must be.
    public var tokenURL: String { "\(effectiveBaseURL)/token" }

    /// Reads a configuration file over the defaults.
    public static func load(contentsOf url: URL) throws(ConfigurationError) -> GreenlightConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode(data, source: url.path)
    }

    static func decode(_ data: Data, source: String) throws(ConfigurationError) -> GreenlightConfiguration {
        let parsed: JSON
        do {
            parsed = try JSON.parse(data: data)
        } catch {
            throw ConfigurationError("\(source) is not valid JSON: \(error.description)")
        }
        guard let object = parsed.object else {
            throw ConfigurationError("\(source): the configuration must be a JSON object")
        }
        var configuration = GreenlightConfiguration()
        for (key, value) in object {
            try configuration.apply(key: key, value: value, source: source)
        }
        try configuration.validate()
        return configuration
    }

    private mutating func apply(key: String, value: JSON, source: String) throws(ConfigurationError) {
        func string() throws(ConfigurationError) -> String {
            guard let string = value.string else { throw ConfigurationError("\(source): \"\(key)\" must be a string") }
            return string
        }
        func number() throws(ConfigurationError) -> Double {
            guard case .number(let number) = value else {
                throw ConfigurationError("\(source): \"\(key)\" must be a number")
            }
            return number.double
        }
        func bool() throws(ConfigurationError) -> Bool {
            guard let bool = value.bool else { throw ConfigurationError("\(source): \"\(key)\" must be true or false") }
            return bool
        }
        switch key {
        case "host": host = try string()
        case "port":
            guard case .number(let number) = value, let port = number.int else {
                throw ConfigurationError("\(source): \"port\" must be a whole number")
            }
            self.port = port
        case "databasePath": databasePath = try string()
        case "baseURL": baseURL = try string()
        case "rulesDirectory": rulesDirectory = try string()
        case "questionnairesDirectory": questionnairesDirectory = try string()
        case "fixturesDirectory": fixturesDirectory = try string()
        case "seedDemoWhenEmpty": seedDemoWhenEmpty = try bool()
        case "logLevel": logLevel = try string()
        case "logFormat":
            let raw = try string()
            guard let format = LogFormat(rawValue: raw) else {
                throw ConfigurationError("\(source): \"logFormat\" must be one of text, json (got \"\(raw)\")")
            }
            logFormat = format
        case "clockSweepIntervalSeconds": clockSweepIntervalSeconds = try number()
        case "nearDueStandardHours": nearDueStandardHours = try number()
        case "nearDueExpeditedHours": nearDueExpeditedHours = try number()
        case "timeZone": timeZone = try string()
        case "authentication":
            let raw = try string()
            guard let mode = Authenticator.Mode(rawValue: raw) else {
                throw ConfigurationError("\(source): \"authentication\" must be one of required, disabled (got \"\(raw)\")")
            }
            authentication = mode
        case "accessTokenLifetimeSeconds": accessTokenLifetimeSeconds = try number()
        case "signingKeyRotationHours": signingKeyRotationHours = try number()
        case "tokenRequestsPerMinute": tokenRequestsPerMinute = Int(try number())
        case "failedAuthenticationsBeforeLockout": failedAuthenticationsBeforeLockout = Int(try number())
        case "lockoutSeconds": lockoutSeconds = try number()
        case "jwksCacheSeconds": jwksCacheSeconds = try number()
        case "rulesPollIntervalSeconds": rulesPollIntervalSeconds = try number()
        case "corsAllowedOrigins":
            guard let list = value.array, list.allSatisfy({ $0.string != nil }) else {
                throw ConfigurationError("\(source): \"corsAllowedOrigins\" must be a list of origins (strings)")
            }
            corsAllowedOrigins = list.compactMap(\.string)
        case "fhirFetchTimeoutSeconds": fhirFetchTimeoutSeconds = try number()
        case "directoryCacheSeconds": directoryCacheSeconds = try number()
        case "durability":
            let raw = try string()
            guard let chosen = CaseStoreSettings.Durability(rawValue: raw) else {
                throw ConfigurationError("\(source): \"durability\" must be one of process, full (got \"\(raw)\")")
            }
            durability = chosen
        case "pasVersion":
            let raw = try string()
            guard let chosen = PASVersion(setting: raw) else {
                throw ConfigurationError("\(source): \"pasVersion\" must be one of 2.0.1, 2.1, 2.2 (got \"\(raw)\")")
            }
            pasVersion = chosen
        case "subscriptionPollIntervalSeconds": subscriptionPollIntervalSeconds = try number()
        case "subscriptionRetryBaseSeconds": subscriptionRetryBaseSeconds = try number()
        case "subscriptionRetryMaxSeconds": subscriptionRetryMaxSeconds = try number()
        case "subscriptionTimeoutSeconds": subscriptionTimeoutSeconds = try number()
        default:
            throw ConfigurationError("\(source): unknown setting \"\(key)\"")
        }
    }

    /// Checks values that parse but make no sense.
    public func validate() throws(ConfigurationError) {
        guard (0...65535).contains(port) else { throw ConfigurationError("port must be between 0 and 65535 (got \(port))") }
        guard !databasePath.isEmpty else { throw ConfigurationError("databasePath must not be empty") }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw ConfigurationError(
                "logLevel must be one of trace, debug, info, notice, warning, error, critical (got \"\(logLevel)\")")
        }
        guard clockSweepIntervalSeconds > 0 else { throw ConfigurationError("clockSweepIntervalSeconds must be positive") }
        guard nearDueStandardHours >= 0, nearDueExpeditedHours >= 0 else {
            throw ConfigurationError("nearDue thresholds must not be negative")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw ConfigurationError("timeZone \"\(timeZone)\" is not a known IANA time zone")
        }
        guard (30...3600).contains(accessTokenLifetimeSeconds) else {
            throw ConfigurationError("accessTokenLifetimeSeconds must be between 30 and 3600 (got \(accessTokenLifetimeSeconds))")
        }
        guard signingKeyRotationHours >= 1 else { throw ConfigurationError("signingKeyRotationHours must be at least 1") }
        guard tokenRequestsPerMinute >= 1, failedAuthenticationsBeforeLockout >= 1 else {
            throw ConfigurationError("tokenRequestsPerMinute and failedAuthenticationsBeforeLockout must be at least 1")
        }
        guard rulesPollIntervalSeconds > 0 else { throw ConfigurationError("rulesPollIntervalSeconds must be positive") }
        guard lockoutSeconds >= 0, jwksCacheSeconds >= 0 else {
            throw ConfigurationError("lockoutSeconds and jwksCacheSeconds must not be negative")
        }
        guard fhirFetchTimeoutSeconds > 0 else { throw ConfigurationError("fhirFetchTimeoutSeconds must be positive") }
        guard directoryCacheSeconds >= 0 else { throw ConfigurationError("directoryCacheSeconds must not be negative") }
        guard subscriptionPollIntervalSeconds > 0, subscriptionRetryBaseSeconds > 0, subscriptionTimeoutSeconds > 0 else {
            throw ConfigurationError(
                "subscriptionPollIntervalSeconds, subscriptionRetryBaseSeconds and subscriptionTimeoutSeconds must be positive")
        }
        guard subscriptionRetryMaxSeconds >= subscriptionRetryBaseSeconds else {
            throw ConfigurationError("subscriptionRetryMaxSeconds must be at least subscriptionRetryBaseSeconds")
        }
        for origin in corsAllowedOrigins where origin != "*" {
            guard let url = URL(string: origin), url.scheme == "http" || url.scheme == "https", url.host != nil,
                url.path.isEmpty || url.path == "/"
            else {
                throw ConfigurationError("corsAllowedOrigins: \"\(origin)\" is not an origin (scheme://host[:port])")
            }
        }
        if let baseURL, URL(string: baseURL)?.scheme == nil {
            throw ConfigurationError("baseURL \"\(baseURL)\" must be an absolute URL")
        }
    }
}

/// A configuration problem, worded for the person running the server.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
