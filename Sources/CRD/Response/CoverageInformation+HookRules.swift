import FHIR

extension CoverageInformation {
    /// Every rule the extension breaks (``violations``); empty when it may be sent. `hook` adds
    /// CRD's rule that supporting hooks do not ask for documentation (`supporting-hook`).
    public func validate(on hook: HookName? = nil) -> [Violation] {
        var found = violations
        if let hook, !hook.isPrimary, docNeeded.contains(.clinical) || docNeeded.contains(.admin) {
            found.append(Violation(rule: "supporting-hook", message: "\(hook.rawValue) is a supporting hook: no clinical or admin doc-needed"))
        }
        return found
    }
}
