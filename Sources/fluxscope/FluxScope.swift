import ArgumentParser

@main
struct FluxScope: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fluxscope",
        abstract: "Find, measure and help shut down fast-flux and double-flux hosting.",
        subcommands: [
            DecodeCommand.self, IngestCommand.self, ProbeCommand.self, CaptureCommand.self, ASNCommand.self,
            AnalyzeCommand.self, EvaluateCommand.self, NetworksCommand.self, ExportCommand.self, ReportCommand.self,
            ServeCommand.self, TokenCommand.self, LabCommand.self, DemoCommand.self, TrainCommand.self,
        ])
}
