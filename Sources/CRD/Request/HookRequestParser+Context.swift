import FHIR

/// The per-hook context rules (the hook definitions CRD 2.1 pins, and the Inferno CRD test
/// kit's context checks): ids are plain ids, `userId` names a user of an allowed type, order
/// Bundles hold resources, selections point into draftOrders, appointments are proposed.
extension HookRequestParser {
    func readContext(_ value: JSON?, hook: HookName, problems: inout RequestProblems) -> JSONObject? {
        guard let value, !value.isNull else {
            problems.add(.required, "context is required.", at: "context")
            return nil
        }
        guard case .object(let context) = value else {
            problems.add(.structure, "context must be an object.", at: "context")
            return nil
        }
        if !hook.userTypes.isEmpty {
            _ = problems.requireReference(context["userId"], types: hook.userTypes, at: "context.userId")
        }
        _ = problems.requirePlainID(context["patientId"], at: "context.patientId")
        if hook.requiresEncounter {
            _ = problems.requirePlainID(context["encounterId"], at: "context.encounterId")
        } else if hook != .orderDispatch {
            _ = problems.optionalPlainID(context["encounterId"], at: "context.encounterId")
        }
        switch hook {
        case .orderSign:
            _ = checkOrderBundle(context, key: "draftOrders", problems: &problems)
        case .orderSelect:
            let draftOrders = checkOrderBundle(context, key: "draftOrders", problems: &problems)
            checkSelections(context["selections"], draftOrders: draftOrders, problems: &problems)
        case .appointmentBook:
            _ = checkOrderBundle(context, key: "appointments", problems: &problems)
        case .orderDispatch:
            checkDispatch(context, problems: &problems)
        case .encounterStart, .encounterDischarge:
            break
        }
        return context
    }

    /// A Bundle whose entries each hold a resource with a type and an id (actions and
    /// coverage-information updates refer to them by id). Appointments must be `proposed`:
    /// appointment-book fires before booking. Returns the entries' `Type/id`s.
    private func checkOrderBundle(_ context: JSONObject, key: String, problems: inout RequestProblems) -> Set<String>? {
        let path = "context.\(key)"
        guard let bundle = problems.requireResource(context[key], type: "Bundle", at: path) else { return nil }
        guard let entries = problems.requireArray(bundle["entry"], at: "\(path).entry") else { return nil }
        if entries.isEmpty {
            problems.add(.required, "\(path) must have at least one entry.", at: "\(path).entry")
        }
        var addresses: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let resourcePath = "\(path).entry[\(index)].resource"
            guard let resource = entry["resource"], resource.object != nil else {
                problems.add(.required, "\(resourcePath) is required: each entry holds a resource.", at: resourcePath)
                continue
            }
            guard let type = resource.resourceType else {
                problems.add(.required, "\(resourcePath).resourceType is required.", at: "\(resourcePath).resourceType")
                continue
            }
            guard let id = problems.requirePlainID(resource["id"], at: "\(resourcePath).id") else { continue }
            addresses.insert("\(type)/\(id)")
            if key == "appointments" {
                checkProposedAppointment(resource, at: resourcePath, problems: &problems)
            }
        }
        return addresses
    }

    private func checkProposedAppointment(_ resource: JSON, at path: String, problems: inout RequestProblems) {
        guard resource.resourceType == "Appointment" else {
            problems.add(.value, "\(path) must be an Appointment; found \(resource.resourceType ?? "?").", at: path)
            return
        }
        let status = resource["status"]?.string
        if status != "proposed" {
            problems.add(
                .value, "\(path).status must be proposed (appointment-book fires before booking); found \(status ?? "none").",
                at: "\(path).status")
        }
    }

    /// order-select: each selection is a reference to one of the draft orders.
    private func checkSelections(_ value: JSON?, draftOrders: Set<String>?, problems: inout RequestProblems) {
        guard let selections = problems.requireArray(value, at: "context.selections") else { return }
        for (index, selection) in selections.enumerated() {
            let path = "context.selections[\(index)]"
            guard let address = problems.requireReference(selection, at: path) else { continue }
            if let draftOrders, !draftOrders.contains(address.relative) {
                problems.add(.value, "\(path) names \(address.relative), which is not among context.draftOrders.", at: path)
            }
        }
    }

    /// order-dispatch: `performer`, and the orders and Tasks in either shape.
    private func checkDispatch(_ context: JSONObject, problems: inout RequestProblems) {
        _ = problems.requireReference(context["performer"], at: "context.performer")
        guard let dispatch = DispatchContext(context: context) else {
            problems.add(
                .required, "context.dispatchedOrders is required (or, in the earlier draft's shape, context.order).",
                at: "context.dispatchedOrders")
            return
        }
        let ordersPath = "context.\(dispatch.ordersKey)"
        if let value = dispatch.ordersValue, !value.isNull {
            if let orders = dispatch.elements(of: value) {
                if orders.isEmpty { problems.add(.required, "\(ordersPath) must name at least one order.", at: ordersPath) }
                for (index, order) in orders.enumerated() {
                    let path = value.array == nil ? ordersPath : "\(ordersPath)[\(index)]"
                    _ = problems.requireReference(order, at: path)
                }
            } else {
                problems.add(.structure, "\(ordersPath) must be an array of references.", at: ordersPath)
            }
        } else {
            problems.add(.required, "\(ordersPath) is required.", at: ordersPath)
        }
        let tasksPath = "context.\(dispatch.tasksKey)"
        if let value = dispatch.tasksValue {
            guard let tasks = dispatch.elements(of: value) else {
                problems.add(.structure, "\(tasksPath) must be an array of Task resources.", at: tasksPath)
                return
            }
            for (index, task) in tasks.enumerated() {
                _ = problems.requireResource(task, type: "Task", at: value.array == nil ? tasksPath : "\(tasksPath)[\(index)]")
            }
        }
    }
}
