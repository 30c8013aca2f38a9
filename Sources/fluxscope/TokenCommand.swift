import ArgumentParser
import Server

/// `fluxscope token create`: a bearer token for the server's write endpoints.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens for fluxscope serve.",
        subcommands: [Create.self])

    /// `fluxscope token create [--name N] [--db URL]`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a token for the write endpoints; it is printed once and only its SHA-256 is stored.")

        @Option(help: "What the token is for.")
        var name = "default"

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !name.isEmpty, name.count <= 100 else { throw ValidationError("--name must be 1 to 100 characters") }
        }

        func run() async throws {
            let opened = try await store.open()
            let (token, record) = try await APITokens.create(name: name, in: opened)
            try await opened.close()
            print(token)
            warn("token \(record.id) ('\(record.name)') stored; it is shown only now. Send it as: Authorization: Bearer TOKEN")
        }
    }
}
