import FluxModel

/// dnstap files (Frame Streams of `dnstap.Dnstap` protobufs) as an input format; one record
/// = one data frame. Sources are the servers' `identity` strings, through the resolver.
public struct DnstapInputFormat: InputFormat {
    /// Creates the format.
    public init() {}

    public var name: String { DnstapFileReader.formatName }
    public var sourceKind: Source.Kind { .dnstap }

    public func sniff(_ prefix: [UInt8]) -> Bool {
        DnstapFileReader.sniff(prefix)
    }

    public func read<Sink: IngestSink>(_ input: InputFile, into sink: inout Sink) throws {
        try DnstapFileReader(options: input.options).read(path: input.path, resolver: input.resolver, into: &sink)
        input.progress?.bytes = input.progress?.totalBytes ?? 0
    }
}
