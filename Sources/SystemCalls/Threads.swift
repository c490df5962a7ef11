#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// POSIX threads, for the two places that need them: decoding a huge config on all cores and
/// hook runners that wait for processes. (libdispatch would add 0.4 MB to the static binary.)
public enum Threads {
    /// Runs `body(0..<iterations)` on that many threads (`pthread_create`/`pthread_join`) and waits for all.
    /// Falls back to running inline when a thread can't be created.
    public static func concurrentPerform(iterations: Int, _ body: (Int) -> Void) {
        // Safe: every thread is joined before this returns, so `body` never outlives the call.
        withoutActuallyEscaping(body) { body in
            var threads: [pthread_t] = []
            for i in 1..<max(1, iterations) {
                if let t = start({ body(i) }) { threads.append(t) }
            }
            if iterations > 0 { body(0) }
            for t in threads { pthread_join(t, nil) }
        }
    }

    /// Starts a detached thread running `body` (`pthread_create` + `pthread_detach`); inline on failure.
    public static func detach(_ body: @escaping @Sendable () -> Void) {
        if let t = start(body) { pthread_detach(t) }
    }

    /// Starts a detached thread running `body`; false (and `body` not run) when no thread can be made.
    public static func tryDetach(_ body: @escaping @Sendable () -> Void) -> Bool {
        guard let t = create(body) else { return false }
        pthread_detach(t)
        return true
    }

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// `pthread_create`; runs `body` inline and returns nil when no thread can be made.
    private static func start(_ body: @escaping () -> Void) -> pthread_t? {
        if let t = create(body) { return t }
        body()
        return nil
    }

    /// `pthread_create`; nil (and `body` not run) when no thread can be made.
    private static func create(_ body: @escaping () -> Void) -> pthread_t? {
        let arg = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { p in
            Unmanaged<Body>.fromOpaque(p!).takeRetainedValue().run()
            return nil
        }, arg)
        if rc == 0 { return thread }
        #else
        var thread: pthread_t?
        let rc = pthread_create(&thread, nil, { p in
            Unmanaged<Body>.fromOpaque(p).takeRetainedValue().run()
            return nil
        }, arg)
        if rc == 0, let thread { return thread }
        #endif
        Unmanaged<Body>.fromOpaque(arg).release()
        return nil
    }
}
