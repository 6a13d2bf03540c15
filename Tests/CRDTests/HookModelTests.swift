import FHIR
import Testing
@testable import CRD

@Suite struct HookModelTests {
    @Test(arguments: HookName.allCases)
    func serviceIDsNameTheirHook(hook: HookName) {
        #expect(HookName(serviceID: hook.serviceID) == hook)
    }

    @Test func unknownServiceIDsAreNotHooks() {
        #expect(HookName(serviceID: "order-sign") == nil)
        #expect(HookName(serviceID: "greenlight-patient-view") == nil)
    }

    @Test func primaryHooksAreTheThreeTheGuideNames() {
        #expect(HookName.allCases.filter(\.isPrimary) == [.orderSign, .orderDispatch, .appointmentBook])
    }

    /// Supported options are honoured, unknown ones and wrong types ignored.
    @Test func configurationIsReadLeniently() {
        let configuration = CRDConfiguration(requestExtension: [
            "davinci-crd.configuration": ["cost": false, "claim": true, "max-cards": 5, "surprise": "yes", "limits": "no"]
        ])
        #expect(configuration.disabledCardTypes == ["cost"])
        #expect(configuration.maxCards == 5)
        #expect(!configuration.allows(cardType: "cost"))
        #expect(configuration.allows(cardType: "claim"))
        #expect(CRDConfiguration(requestExtension: ["davinci-crd.configuration": ["max-cards": -1]]).maxCards == nil)
        #expect(CRDConfiguration(requestExtension: nil) == CRDConfiguration())
    }
}
