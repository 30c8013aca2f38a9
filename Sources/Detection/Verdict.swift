import Foundation
import DNSWire

/// What a model concluded about a domain, with the evidence a person can check.
public struct Verdict: Sendable {
    /// The classes a domain can be put in.
    public enum Class: String, Sendable, Codable, CaseIterable {
        case fastFlux = "fast-flux"
        case doubleFlux = "double-flux"
        case cdn
        case roundRobin = "round-robin"
        case benign
        case insufficientData = "insufficient-data"

        /// True for the two flux classes.
        public var isFlux: Bool { self == .fastFlux || self == .doubleFlux }
    }

    /// One line of evidence: a feature (or a derived value such as Holz's f), its value, and
    /// what it added to the decision where the model is additive.
    public struct Item: Sendable, Hashable {
        public var name: String
        public var value: Double?
        public var contribution: Double?
        public var note: String?

        /// Creates an evidence item.
        public init(_ name: String, value: Double?, contribution: Double? = nil, note: String? = nil) {
            self.name = name
            self.value = value
            self.contribution = contribution
            self.note = note
        }
    }

    public var domain: DNSName
    public var level: DomainEvidence.Level
    public var verdict: Class
    /// In [0, 1]; higher means more flux-like.
    public var score: Double
    /// The model's name (`holz`, `zeek-holz`, `fluxscope`).
    public var model: String
    public var features: FeatureVector
    /// The evidence, most important first.
    public var evidence: [Item]
    /// Why, in words, when the class needs saying (above all `insufficient-data`).
    public var reason: String?

    /// Creates a verdict.
    public init(domain: DNSName, level: DomainEvidence.Level, verdict: Class, score: Double, model: String,
                features: FeatureVector, evidence: [Item], reason: String? = nil) {
        self.domain = domain
        self.level = level
        self.verdict = verdict
        self.score = score
        self.model = model
        self.features = features
        self.evidence = evidence
        self.reason = reason
    }
}

/// A way of deciding: pure, deterministic, explainable.
public protocol DetectionModel: Sendable {
    /// The name used by `--model` and in verdicts.
    var name: String { get }
    /// The version of the model's parameters (the weights file's `version`), or `nil` for
    /// a fixed published formula.
    var version: String? { get }
    /// Classifies one domain from its features (and its evidence, for context).
    func classify(_ features: FeatureVector, evidence: DomainEvidence) -> Verdict
}

extension DetectionModel {
    /// Published formulas have no trained parameters, so no version.
    public var version: String? { nil }
}

/// The logistic function, mapping a real-valued score to (0, 1).
func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
