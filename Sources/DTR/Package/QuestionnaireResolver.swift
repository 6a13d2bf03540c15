import CaseStore
import Eligibility
import FHIR
import Rules

/// Finds the Questionnaires a `$questionnaire-package` request needs: those asked for by
/// canonical, those the CRD assertion named (`context`), and those the rules attach to the
/// orders' codes for the member's plan.
struct QuestionnaireResolver: Sendable {
    let catalog: QuestionnaireCatalog
    let store: any CaseStore
    let rules: RuleEngine?

    /// Throws only when the case store cannot be read: a context that cannot be looked up is
    /// not the same as one that does not exist.
    func resolve(
        _ request: QuestionnairePackageRequest, reader: AssertionReader, today: String
    ) async throws -> QuestionnaireSelection {
        var selection = QuestionnaireSelection()
        for canonical in request.questionnaires {
            selection.add(canonical, catalog: catalog, why: "asked for")
        }
        if let context = request.context {
            let assertions = try await store.coverageAssertions(id: context, readBy: reader)
            if assertions.isEmpty {
                selection.warn(.notFound, "No coverage assertion has the id \"\(context)\"; the context was not used.")
            }
            selection.assertions = assertions
            for assertion in assertions {
                for canonical in assertion.questionnaires {
                    selection.add(Canonical(canonical), catalog: catalog, why: "named by coverage assertion \(context)")
                }
            }
        }
        if !request.orders.isEmpty {
            try await addOrders(request, today: today, to: &selection)
        }
        return selection
    }

    /// Each order's codes through the rules: the policy that governs a code (for the member's
    /// plan and line of business when the Coverage places a member) names the form.
    private func addOrders(
        _ request: QuestionnairePackageRequest, today: String, to selection: inout QuestionnaireSelection
    ) async throws {
        guard let rules else {
            selection.warn(.notSupported, "The rules are not loaded here; orders cannot be matched to questionnaires.")
            return
        }
        var plan: String?, lineOfBusiness: String?
        let coverages = request.coverages.map { ClientCoverage($0, resolve: ContainedResources.resolve) }
        // A Coverage that places no member still finds the plan-independent policies; only a
        // store that cannot be read stops the request.
        let eligibility: Eligibility?
        do {
            eligibility = try await EligibilityResolver(store: store).resolve(coverages, today: today)
        } catch CoverageProblem.storeUnavailable(let reason) {
            throw QuestionnaireResolverError.storeUnavailable(reason)
        } catch {
            eligibility = nil
        }
        if case .member(let member)? = eligibility {
            plan = member.coverage.planID
            lineOfBusiness = member.plan?.lineOfBusiness.rawValue
        }
        for (index, order) in request.orders.enumerated() {
            let label = order.address?.relative ?? "order \(index + 1)"
            let policies = OrderCodes.codings(of: order).compactMap { coding in
                rules.policy(for: RuleService(system: coding.system, code: coding.code), plan: plan, lineOfBusiness: lineOfBusiness)
            }
            guard let policy = policies.first else {
                selection.warn(.notFound, "No coverage policy governs the codes of \(label); it needs no documentation from this payer.")
                continue
            }
            guard let questionnaire = policy.questionnaire else { continue }
            selection.add(Canonical(questionnaire), catalog: catalog, why: "policy \(policy.id) for \(label)")
        }
    }
}

/// Resolves `#id` references to a resource's `contained` resources (a Coverage's payor).
enum ContainedResources {
    static func resolve(_ reference: Reference, in container: JSON) -> JSON? {
        guard let text = reference.reference, text.hasPrefix("#") else { return nil }
        let id = String(text.dropFirst())
        return container["contained"]?.array?.first { $0.id == id }
    }
}

/// The case store could not be read while resolving a package request.
enum QuestionnaireResolverError: Error {
    case storeUnavailable(String)
}
