extension JSON {
    /// The values of a complex extension's sub-extensions named `url` (`covered` → its code);
    /// a sub-extension that is itself complex (`detail`) is returned whole.
    public func subExtensionValues(_ url: String) -> [JSON] {
        extensions(url: url).compactMap { part in
            part.object?.first { $0.key.hasPrefix("value") }?.value ?? (part["extension"].map { _ in part })
        }
    }

    /// The code of a single-valued coded sub-extension.
    public func subExtensionCode(_ url: String) -> String? { subExtensionValues(url).first?.string }

    public func subExtensionCodes(_ url: String) -> [String] { subExtensionValues(url).compactMap(\.string) }
}
