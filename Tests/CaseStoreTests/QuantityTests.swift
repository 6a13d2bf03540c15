import Testing

@testable import CaseStore

/// FHIR decimals as written: the check intake and decisions run on every quantity.
struct QuantityTests {
    @Test(arguments: ["0", "1", "-1", "1.50", "0.5", "12", "-0.25", "1e3", "1.5E+10", "2e-3", "100"])
    func decimalsAreAccepted(_ value: String) {
        #expect(Quantity(value: value).hasValidValue)
    }

    @Test(arguments: ["", "-", "01", "1.", ".5", "1.5.2", "1e", "1e+", "+1", "1 ", " 1", "one", "1,5", "--1", "0x10", "1e3.5"])
    func otherTextIsRefused(_ value: String) {
        #expect(!Quantity(value: value).hasValidValue)
    }
}
