#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls

/// A loopback TCP listener that is not PostgreSQL: every connection it accepts gets `reply` after the
/// client's first message (or nothing when nil) and is then held open, silent, until the server is
/// released. A daemon that reconnects meets the same server every time.
public final class FakeServer: @unchecked Sendable {
    public let port: UInt16
    private let listener: Int32
    private let done: (read: FileDescriptor, write: FileDescriptor)

    public init(reply: [UInt8]?) throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = listener
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 && listen(fd, 16) == 0
            }
        }
        guard ok else { close(fd); throw Errno(errno, call: "listen") }
        port = UInt16(bigEndian: address.sin_port)
        done = try FileDescriptor.pipe()
        let stop = done.read
        Threads.detach { FakeServer.serve(listener: fd, stop: stop, reply: reply) }
    }

    /// Accepts until `stop` is readable (its write end closed); then closes every client and the listener.
    private static func serve(listener: Int32, stop: FileDescriptor, reply: [UInt8]?) {
        var clients: [Int32] = []
        // A client waiting for its reply: answered once its first message arrives.
        var waiting: [Int32] = []
        defer {
            for c in clients { close(c) }
            close(listener)
            try? stop.close()
        }
        while true {
            var items: [(descriptor: FileDescriptor, events: PollEvents)] = [(stop, .readable), (FileDescriptor(rawValue: listener), .readable)]
            for c in waiting { items.append((FileDescriptor(rawValue: c), .readable)) }
            guard let events = try? Poll.wait(items, timeout: nil), events[0].isEmpty else { return }
            // The clients polled are the first events.count - 2 of `waiting`: answer them before accepting more.
            for (i, client) in waiting.enumerated().reversed() where i + 2 < events.count && !events[i + 2].isEmpty {
                var request = [UInt8](repeating: 0, count: 1024)
                _ = read(client, &request, request.count)
                // MSG_NOSIGNAL: a client already gone must not kill the test process with SIGPIPE.
                if let reply { _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
                waiting.remove(at: i)
            }
            if !events[1].isEmpty {
                let client = accept(listener, nil, nil)
                if client >= 0 { clients.append(client); waiting.append(client) }
            }
        }
    }

    deinit {
        try? done.write.close()  // wakes the thread, which closes the clients and the listener
    }
}
