import CaseStore

/// The case store's quantity (its decimal kept as written), under a name that says which one.
///
/// FHIR and CaseStore both have a `Quantity`, and `CaseStore` is also a protocol of its
/// module, so `CaseStore.Quantity` does not name the struct where both modules are imported.
/// This file imports CaseStore alone.
public typealias CaseQuantity = Quantity
