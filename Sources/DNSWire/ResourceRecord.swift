/// A question (RFC 1035 section 4.1.2).
public struct Question: Hashable, Sendable {
    public var name: DNSName
    public var type: RecordType
    public var recordClass: RecordClass

    /// Creates a question.
    public init(name: DNSName, type: RecordType, recordClass: RecordClass = .in) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }
}

/// A resource record (RFC 1035 section 4.1.3).
public struct ResourceRecord: Hashable, Sendable, CustomStringConvertible {
    public var name: DNSName
    public var type: RecordType
    public var recordClass: RecordClass
    public var ttl: UInt32
    public var data: RData

    /// Creates a record.
    public init(name: DNSName, type: RecordType, recordClass: RecordClass = .in, ttl: UInt32, data: RData) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// One line of master-file text, as dig prints an answer.
    public var description: String {
        "\(name)\t\(ttl)\t\(recordClass)\t\(type)\t\(data.presentation(type: type))"
    }
}

/// The sections of a message.
public enum Section: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case question = 0, answer, authority, additional

    public var description: String {
        switch self {
        case .question: return "question"
        case .answer: return "answer"
        case .authority: return "authority"
        case .additional: return "additional"
        }
    }
}
