import Server
import Store
import Testing

extension ServerSuites {
@Suite struct ServerConfigurationTests {
    @Test func readsYAML() throws {
        let c = try ServerConfiguration.parse("""
            host: 0.0.0.0
            port: 9090
            db: sqlite:/tmp/x.sqlite
            read-access: token
            cors-origins: [https://soc.example]
            analysis-interval: 30s
            authoritative: 127.0.0.1:5300
            time-scale: 100
            max-upload: 1048576
            """)
        #expect(c.host == "0.0.0.0")
        #expect(c.port == 9090)
        #expect(c.store == .sqlite(path: "/tmp/x.sqlite"))
        #expect(c.readAccess == .token)
        #expect(c.corsOrigins == ["https://soc.example"])
        #expect(c.analysisInterval == 30)
        #expect(c.authoritative == "127.0.0.1:5300")
        #expect(c.timeScale == 100)
        #expect(c.maxUploadBytes == 1_048_576)
    }

    @Test(arguments: ["prot: 1", "port: high", "port: 70000", "read-access: maybe", "db: mysql://x", "analysis-interval: soon",
                      "- a list", "lab: true\nauthoritative: 127.0.0.1", "time-scale: 0"])
    func rejectsBadFilesWithAReason(_ text: String) {
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parse(text) }
    }

    @Test func emptyFileIsTheDefaults() throws {
        #expect(try ServerConfiguration.parse("") == ServerConfiguration())
    }
}
}
