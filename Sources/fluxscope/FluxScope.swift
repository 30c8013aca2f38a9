import ArgumentParser
import Foundation

@main
struct FluxScope: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fluxscope",
        abstract: "Find, measure and help shut down fast-flux and double-flux hosting.",
        subcommands: [
            DecodeCommand.self, IngestCommand.self, ProbeCommand.self, CaptureCommand.self, ASNCommand.self,
            AnalyzeCommand.self, EvaluateCommand.self, NetworksCommand.self, ExportCommand.self, ReportCommand.self,
            ServeCommand.self, TokenCommand.self, LabCommand.self, DemoCommand.self, TrainCommand.self, PruneCommand.self,
        ])

    /// Runs the command line with the exit codes of the CLI contract: 0 success, 1 failure,
    /// 2 bad usage (ArgumentParser's own code for a usage error is 64, EX_USAGE). A usage
    /// error found while parsing shows the usage; one a command finds while running (a file
    /// that cannot be opened, a format it is not) shows its message alone.
    static func main() async {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            Foundation.exit(2)
        } catch {
            exit(withError: error)
        }
    }
}
