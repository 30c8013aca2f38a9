import Testing

/// The parent of every server suite, run one test at a time: the fixtures analyse a store and
/// the end-to-end and load tests start processes, and run all at once they starve the timing
/// tests of other targets on a small machine.
@Suite(.serialized) enum ServerSuites {}
