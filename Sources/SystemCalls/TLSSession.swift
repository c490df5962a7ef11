import CSystem

/// Why a TLS operation failed (OpenSSL's reason, or why libssl could not be loaded).
public struct TLSError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A TLS client session over a connected non-blocking socket, through the system's OpenSSL 3 loaded with
/// `dlopen` on first use (CSystem/csystem_tls.c). The caller owns the socket and polls it as asked.
public final class TLSSession {
    /// What an operation needs before it can go on.
    public enum Progress: Equatable, Sendable { case done(Int), wantRead, wantWrite }

    private let handle: UnsafeMutableRawPointer

    /// Loads libssl.so.3/libcrypto.so.3 once (`dlopen`); nil when available, else the reason.
    public static func loadLibrary() -> String? {
        var error = [CChar](repeating: 0, count: 512)
        return csystem_tls_load(&error, error.count) == 0 ? nil : String(cString: error)
    }

    /// `SSL_new` on `socket`. `verifyChain` checks the chain against `caFile` (nil: the system store);
    /// `hostName` is sent as SNI and, with `checkHostName`, matched against the certificate.
    public init(socket: FileDescriptor, verifyChain: Bool, caFile: String?, hostName: String?, checkHostName: Bool) throws {
        var error = [CChar](repeating: 0, count: 512)
        guard let h = csystem_tls_new(socket.rawValue, verifyChain ? 1 : 0, caFile, hostName, checkHostName ? 1 : 0, &error, error.count)
        else { throw TLSError(description: String(cString: error)) }
        handle = h
    }

    deinit { csystem_tls_free(handle) }

    /// `SSL_do_handshake` once: `.done(0)` when finished, else what to poll for.
    public func handshake() throws -> Progress {
        try progress { csystem_tls_handshake(handle, $0, $1) }
    }

    /// `SSL_read`: `.done(n)` bytes (0: the peer closed), or what to poll for.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Progress {
        try progress { csystem_tls_read(handle, buffer.baseAddress, Int32(clamping: buffer.count), $0, $1) }
    }

    /// `SSL_write`: `.done(n)` bytes written, or what to poll for (retry with the same bytes).
    public func write(_ buffer: UnsafeRawBufferPointer) throws -> Progress {
        try progress { csystem_tls_write(handle, buffer.baseAddress, Int32(clamping: buffer.count), $0, $1) }
    }

    /// `SSL_pending`: decrypted bytes buffered inside OpenSSL (readable without polling the socket).
    public var pendingBytes: Int { Int(csystem_tls_pending(handle)) }

    private func progress(_ call: (UnsafeMutablePointer<CChar>, Int) -> Int32) throws -> Progress {
        var error = [CChar](repeating: 0, count: 512)
        let r = call(&error, error.count)
        switch r {
        case -2: return .wantRead
        case -3: return .wantWrite
        case ..<0: throw TLSError(description: String(cString: error))
        default: return .done(Int(r))
        }
    }
}
