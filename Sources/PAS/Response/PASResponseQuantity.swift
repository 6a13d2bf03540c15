import CaseStore

/// The case store's `Quantity` (decimal text and a unit). Named here, in a file that imports
/// only CaseStore, because `CaseStore.Quantity` would find the module's `CaseStore` protocol
/// and files that also import FHIR see FHIR's `Quantity` too.
typealias PASResponseQuantity = Quantity
