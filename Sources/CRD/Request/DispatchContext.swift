import FHIR

/// order-dispatch's orders and fulfillment Tasks, in either shape EHRs send: CRD 2.1's
/// `dispatchedOrders` (an array of references) with `fulfillmentTasks` (an array of Tasks), or
/// the earlier draft's `order` (a reference or an array of them) with `task` (a Task or an
/// array), which the Inferno CRD test kit still sends. The service accepts both.
struct DispatchContext {
    enum Shape {
        case dispatchedOrders
        case order
    }

    let shape: Shape
    private let context: JSONObject

    /// `nil` when the context has neither `dispatchedOrders` nor `order`.
    init?(context: JSONObject) {
        if context["dispatchedOrders"] != nil {
            shape = .dispatchedOrders
        } else if context["order"] != nil {
            shape = .order
        } else {
            return nil
        }
        self.context = context
    }

    var ordersKey: String { shape == .dispatchedOrders ? "dispatchedOrders" : "order" }
    var tasksKey: String { shape == .dispatchedOrders ? "fulfillmentTasks" : "task" }

    /// The older shape allows a single value where 2.1 always has an array.
    var allowsSingleValue: Bool { shape == .order }

    var ordersValue: JSON? { context[ordersKey] }
    var tasksValue: JSON? { context[tasksKey].flatMap { $0.isNull ? nil : $0 } }

    /// The elements of `value` as a list, or `nil` when it has the wrong shape.
    func elements(of value: JSON) -> [JSON]? {
        if case .array(let elements) = value { return elements }
        return allowsSingleValue ? [value] : nil
    }

    /// The order references as sent (`MedicationRequest/1111`), skipping malformed ones.
    var orderReferences: [String] {
        ordersValue.flatMap(elements(of:))?.compactMap(\.string) ?? []
    }

    /// The Tasks as sent, skipping anything that is not a Task.
    var tasks: [JSON] {
        tasksValue.flatMap(elements(of:))?.filter { $0.resourceType == "Task" } ?? []
    }
}
