/// A problem with one line or record, before it is placed: a stable kind and a reason.
struct RecordProblem: Error {
    var kind: String
    var reason: String
    init(_ kind: String, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }
}
