import CaseStore
import FHIR
import Foundation
import Testing

@testable import PAS

/// `$inquire` answers: one Bundle in 2.0.1/2.1, a Parameters of Bundles in 2.2.
@Suite struct PASInquiryResponseTests {
    typealias F = PASResponseFixtures
    typealias Check = PASResponseChecks

    private func matches() throws -> [PASInquiryMatch] {
        let referral = F.detail([F.item(1, .certified)])
        var homecare = F.detail([F.item(1, .certified), F.item(2, .pended)])
        homecare.paCase.id = "GL-01JZ8Q4V6X7Y9A0B1C2D3E4F5H"
        return [
            PASInquiryMatch(requestBundle: try F.referralRequest(), detail: referral),
            PASInquiryMatch(requestBundle: try PASExamples.json("Bundle-HomecareAuthorizationBundleExample"), detail: homecare),
        ]
    }

    private func answer(_ version: PASVersion, _ matches: [PASInquiryMatch]) throws -> JSON {
        try PASInquiryResponseBuilder(version: version, baseURL: F.baseURL)
            .response(to: PASExamples.json("Bundle-PASClaimInquiryBundleExample"), matches: matches, at: F.moment)
    }

    @Test(arguments: [PASVersion.v2_0_1, .v2_1])
    func beforeVersion22OneBundleHoldsEveryMatch(version: PASVersion) throws {
        let bundle = try answer(version, try matches())
        let inquiry = try PASExamples.json("Bundle-PASClaimInquiryBundleExample")
        #expect(bundle.resourceType == "Bundle")
        #expect(bundle["type"] == "collection")
        #expect(bundle.profiles == [PASResponseURL.inquiryResponseBundleProfile])
        #expect(bundle["identifier"] == inquiry["identifier"])

        let entries = try FHIRBundle(json: bundle).entries
        let claimResponses = entries.filter { $0.resource?.resourceType == "ClaimResponse" }
        #expect(claimResponses.count == 2)
        #expect(claimResponses.allSatisfy { $0.resource?.profiles == [PASResponseURL.claimInquiryResponseProfile] })
        #expect(Array(entries.prefix(2)) == claimResponses)
        let fullUrls = entries.compactMap(\.fullUrl)
        #expect(Set(fullUrls).count == fullUrls.count)
        // Both requests' Coverage is echoed (once) and referenced from insurance.
        #expect(fullUrls.contains("http://example.org/fhir/Coverage/InsuranceExample"))
        let fhirBundle = try FHIRBundle(json: bundle)
        for entry in claimResponses {
            for reference in Check.references(in: entry.resource ?? [:]) {
                #expect(fhirBundle.resolve(reference: reference, from: entry) != nil, "\(reference)")
            }
        }
        let homecareItems = claimResponses[1].resource?["item"]?.array ?? []
        #expect(homecareItems.count == 2)
    }

    @Test func version22AnswersAParametersWithOneBundlePerMatch() throws {
        let parameters = try answer(.v2_2, try matches())
        #expect(parameters.resourceType == "Parameters")
        let parts = try #require(parameters["parameter"]?.array)
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0["name"]?.string == PASInquiryResponseBuilder.bundleParameterName })
        for part in parts {
            let bundle = try #require(part["resource"])
            #expect(bundle.resourceType == "Bundle")
            #expect(bundle.profiles == [PASResponseURL.inquiryResponseBundleProfile])
            #expect(bundle.firstResource?.resourceType == "ClaimResponse")
            #expect(try FHIRBundle(json: bundle).entries(ofType: "ClaimResponse").count == 1)
            #expect(try Check.unresolvedReferences(in: bundle) == [])
        }
        #expect(parts[0]["resource"]?.firstResource?.id == F.caseID)

        // The official example's Bundle sits in the same place: parameter[].resource.
        let official = try PASExamples.json("Parameters-PASClaimInquiryOperationResponseExample")
        #expect(official["parameter"]?[0]?["resource"]?.resourceType == "Bundle")
    }

    @Test func noMatchesAnswersAnEmptyBundleOrAnEmptyParameters() throws {
        let bundle = try answer(.v2_1, [])
        #expect(bundle.resourceType == "Bundle")
        #expect(bundle["entry"] == nil)
        let parameters = try answer(.v2_2, [])
        #expect(parameters.resourceType == "Parameters")
        #expect(parameters["parameter"] == nil)
    }
}
