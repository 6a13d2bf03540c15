import FHIR

/// The resources a hook request carries in its context: the order Bundle's entries
/// (draftOrders, appointments), order-dispatch's order references and fulfillment Tasks.
struct ContextResources {
    /// In-scope requests from the order Bundle, in Bundle order.
    var orders: [JSON] = []
    /// The order Bundle's other entries (a Medication, a Device).
    var supporting: [JSON] = []
    /// order-dispatch: the Tasks, in either shape.
    var tasks: [JSON] = []
    /// order-dispatch: the dispatched orders as relative addresses (`MedicationRequest/1111`),
    /// in context order, resolved from prefetch or read from `fhirServer`.
    var dispatchedOrders: [String] = []

    init(_ request: HookRequest) {
        if let key = request.hook.orderBundleKey, let bundle = request.context[key] {
            for resource in bundle["entry"]?.array?.compactMap({ $0["resource"] }) ?? [] {
                if OrderResourceTypes.isInScope(resource) {
                    orders.append(resource)
                } else {
                    supporting.append(resource)
                }
            }
        }
        if request.hook == .orderDispatch, let dispatch = DispatchContext(context: request.context) {
            dispatchedOrders = dispatch.orderReferences.compactMap(ReferenceTargets.address)
            tasks = dispatch.tasks
        }
    }

    var all: [JSON] { orders + supporting + tasks }
}
