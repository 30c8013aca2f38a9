import ArgumentParser

@main
struct FluxScope: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fluxscope",
        abstract: "Find, measure and help shut down fast-flux and double-flux hosting.",
        subcommands: [
            DecodeCommand.self, ProbeCommand.self, CaptureCommand.self, ASNCommand.self, LabCommand.self, AnalyzeCommand.self, EvaluateCommand.self, NetworksCommand.self, ExportCommand.self, TrainCommand.self, ServeCommand.self, TokenCommand.self,
        ])
}
