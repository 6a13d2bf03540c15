import FHIR
import Testing

@testable import CRD

@Suite struct DiscoveryTests {
    @Test func sixServicesWithTheirOptions() throws {
        let json = CRDDiscovery(payerName: "UnitedCare Health").json
        let services = try #require(json["services"]?.array)
        #expect(services.count == 6)
        #expect(Set(services.compactMap { $0["hook"]?.string }) == Set(HookName.allCases.map(\.rawValue)))
        for service in services {
            let hook = try #require(service["hook"]?.string.flatMap(HookName.init(rawValue:)))
            #expect(service["id"]?.string == hook.serviceID)
            #expect(service["description"]?.string?.isEmpty == false && service["title"]?.string != nil)
            #expect(service["prefetch"]?["coverage"] == "Coverage?patient={{context.patientId}}&status=active")
            #expect(service["usageRequirements"]?.string?.contains("one active Coverage") == true)
            #expect(service["extension"]?["davinci-crd.version"] == "2.1.0")
            let options = try #require(service["extension"]?["davinci-crd.configuration-options"]?.array)
            let codes = options.compactMap { $0["code"]?.string }
            #expect(Set(codes).count == codes.count, "codes are unique per service")
            #expect(options.last == ["code": "max-cards", "type": "integer", "name": "Maximum cards", "description": options.last!["description"]!, "default": 10])
            for option in options where option["type"] == "boolean" {
                let code = try #require(option["code"]?.string)
                #expect(option["default"] == .bool(code != "form-completion"))
                #expect(code == "form-completion" || CardType(rawValue: code) != nil)
            }
            #expect(codes.contains("form-completion") == hook.isPrimary)
            #expect(codes.contains("insurance"))
        }
    }
}
