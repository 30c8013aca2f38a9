#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ClientPrivacy {
    /// The key file used for `--clients hash` when `--client-key-file` is not given.
    public static let defaultKeyFile = "./fluxscope-client.key"

    /// The policy for `--clients MODE [--client-key-file FILE]`: `off` (the default), `keep`,
    /// `truncate`, or `hash` under the key in `keyFile`. A missing key file is created with
    /// 32 random octets and mode 0600, so later runs hash the same client to the same value.
    /// - Throws: `IngestProblem` (`bad_option`, `key_file`) saying what to fix.
    public static func parse(mode: String, keyFile: String?) throws -> ClientPrivacy {
        switch mode {
        case "off": return .off
        case "keep": return .keep
        case "truncate": return .truncate
        case "hash": return .hash(key: try loadOrCreateKey(at: keyFile ?? defaultKeyFile))
        default:
            throw IngestProblem(file: "--clients", kind: "bad_option",
                                reason: "takes off, keep, hash or truncate, not '\(mode)'")
        }
    }

    /// The key in `path`, created (32 random octets, mode 0600) when the file does not exist.
    /// A key shorter than 16 octets is refused.
    public static func loadOrCreateKey(at path: String) throws -> [UInt8] {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 {
            defer { close(fd) }
            var rng = SystemRandomNumberGenerator()  // getrandom(2) on Linux
            let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            guard key.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) == key.count else {
                throw IngestProblem(file: path, kind: "key_file", reason: "cannot write the new key: \(String(cString: strerror(errno)))")
            }
            return key
        }
        guard errno == EEXIST else {
            throw IngestProblem(file: path, kind: "key_file", reason: "cannot create the key file: \(String(cString: strerror(errno)))")
        }
        let key = try InputFormatRegistry.prefix(of: path)
        guard key.count >= 16 else {
            throw IngestProblem(file: path, kind: "key_file", reason: "holds \(key.count) octets; a client key needs at least 16")
        }
        return key
    }
}
