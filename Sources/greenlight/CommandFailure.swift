/// A failure at run time, worded for the operator. ArgumentParser prints it and exits non-zero
/// without the usage text (which `ValidationError` adds, and which only helps with bad options).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
