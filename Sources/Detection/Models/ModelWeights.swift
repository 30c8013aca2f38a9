/// The trained parameters of the FluxScope model, as stored in its versioned weights file
/// (`Sources/Detection/Resources/fluxscope-model.json`, written by `fluxscope train`).
public struct ModelWeights: Codable, Sendable, Equatable {
    /// A version string, bumped whenever the file is retrained.
    public var version: String
    /// How the training data was made (command, seeds, sizes).
    public var trainedOn: String
    /// Feature names in weight order.
    public var features: [String]
    /// Per feature: `log1p` for counts and durations (heavy tails), `none` otherwise.
    public var transforms: [String]
    /// Means and standard deviations of the transformed training values.
    public var mean: [Double]
    public var scale: [Double]
    /// Logistic-regression weights on the standardised values, and the intercept.
    public var weights: [Double]
    public var bias: Double
    /// Metrics measured when the file was written (for the record; not used to classify).
    public var metrics: [String: Double]

    /// Creates weights.
    public init(version: String, trainedOn: String, features: [String], transforms: [String], mean: [Double],
                scale: [Double], weights: [Double], bias: Double, metrics: [String: Double] = [:]) {
        self.version = version
        self.trainedOn = trainedOn
        self.features = features
        self.transforms = transforms
        self.mean = mean
        self.scale = scale
        self.weights = weights
        self.bias = bias
        self.metrics = metrics
    }
}
