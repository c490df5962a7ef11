/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: no channel binding
/// ("n,,"), an empty user name in the messages (the server uses the startup user), the password taken as
/// its UTF-8 bytes without SASLprep.
public struct SCRAMClient {
    /// The most PBKDF2 iterations we accept from a server (PostgreSQL's default is 4096). A hostile or
    /// misconfigured server could otherwise make us compute for minutes.
    public static let maximumIterations = 100_000

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case nonceMismatch
        case iterationsTooHigh(Int)
        case serverError(String)
        case serverSignatureMismatch

        public var description: String {
            switch self {
            case .malformed(let what): "malformed SCRAM message from the server (\(what))"
            case .nonceMismatch: "the server's SCRAM nonce does not extend ours"
            case .iterationsTooHigh(let n):
                "the server asks for \(n) SCRAM iterations; at most \(SCRAMClient.maximumIterations) are accepted"
            case .serverError(let e): "the server rejected the SCRAM exchange: \(e)"
            case .serverSignatureMismatch: "the server's SCRAM signature is wrong: it does not know the password (refused)"
            }
        }
    }

    let password: [UInt8]
    let clientNonce: String
    let user: String
    var clientFirstBare: String { "n=\(user),r=\(clientNonce)" }
    var expectedServerSignature: [UInt8] = []

    /// `nonce`: printable random text (see `makeNonce`). `user` stays empty for PostgreSQL (RFC examples
    /// set it); "=" and "," in it are escaped as RFC 5802 says.
    public init(password: String, nonce: String, user: String = "") {
        self.password = Array(password.utf8)
        clientNonce = nonce
        var escaped = ""
        for c in user { escaped += c == "=" ? "=3D" : c == "," ? "=2C" : String(c) }
        self.user = escaped
    }

    /// 18 random bytes from `getrandom`, base64: 24 printable characters without commas.
    public static func makeNonce(_ random: [UInt8]) -> String { Base64.encode(random) }

    /// The client-first-message.
    public var firstMessage: String { "n,," + clientFirstBare }

    /// Reads the server-first-message and returns the client-final-message.
    public mutating func finalMessage(serverFirst: String) throws(Failure) -> String {
        let fields = try Self.attributes(serverFirst)
        guard let nonce = fields["r"], let saltText = fields["s"], let iterationText = fields["i"] else {
            throw .malformed("server-first-message lacks r, s or i")
        }
        guard nonce.hasPrefix(clientNonce), nonce.utf8.count > clientNonce.utf8.count else { throw .nonceMismatch }
        guard let salt = Base64.decode(saltText), !salt.isEmpty else { throw .malformed("bad salt") }
        guard let iterations = Int(iterationText), iterations > 0 else { throw .malformed("bad iteration count") }
        guard iterations <= Self.maximumIterations else { throw .iterationsTooHigh(iterations) }

        let salted = PBKDF2.sha256(password: password, salt: salt, iterations: iterations)
        let clientKey = HMACSHA256.authenticate(Array("Client Key".utf8), key: salted)
        let storedKey = SHA256.hash(clientKey)
        let withoutProof = "c=biws,r=\(nonce)"
        let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let clientSignature = HMACSHA256.authenticate(authMessage, key: storedKey)
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        let serverKey = HMACSHA256.authenticate(Array("Server Key".utf8), key: salted)
        expectedServerSignature = HMACSHA256.authenticate(authMessage, key: serverKey)
        return "\(withoutProof),p=\(Base64.encode(proof))"
    }

    /// Checks the server-final-message: the server proves it knows the password too.
    public func verify(serverFinal: String) throws(Failure) {
        let fields = try Self.attributes(serverFinal)
        if let error = fields["e"] { throw .serverError(error) }
        guard let text = fields["v"], let signature = Base64.decode(text) else { throw .malformed("server-final-message lacks v") }
        guard signature == expectedServerSignature else { throw .serverSignatureMismatch }
    }

    /// "a=1,b=2" → ["a": "1", "b": "2"] (values may contain "=", as base64 does).
    static func attributes(_ message: String) throws(Failure) -> [String: String] {
        var result: [String: String] = [:]
        for part in message.split(separator: ",", omittingEmptySubsequences: false) {
            guard part.count >= 2, part.dropFirst().first == "=" else { throw .malformed("attribute \"\(part.prefix(20))\"") }
            result[String(part.prefix(1))] = String(part.dropFirst(2))
        }
        return result
    }
}
