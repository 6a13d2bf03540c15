import CaseStore

/// The case store's quantity, named from a file that imports CaseStore alone: where FHIR is
/// imported too, `Quantity` is ambiguous, and `CaseStore.Quantity` names the protocol's module
/// no better (`CaseStore` is also a protocol there). PAS has its public `CaseQuantity` for the
/// same reason.
typealias StoredQuantity = Quantity
