/// A job the `whenever` gem wrote: `/bin/bash -l -c 'cd DIR && RAILS_ENV=production bundle exec rake TASK --silent
/// >> log/cron.log 2>&1'` (and its `runner`, `script` and `command` templates) taken apart into settings.
struct WheneverJob: Equatable {
    var command: String
    var directory: String?
    var env: [(String, String)]
    /// The `>> FILE 2>&1` tail, when there was one (dropped unless asked to keep it).
    var redirect: String?
    /// The `releases/…` path `cd` named, when `directory` became the `current` symlink beside it.
    var pinnedRelease: String?

    static func == (a: Self, b: Self) -> Bool {
        a.command == b.command && a.directory == b.directory && a.env.elementsEqual(b.env, by: ==) && a.redirect == b.redirect
            && a.pinnedRelease == b.pinnedRelease
    }

    /// nil unless `command` is one single-quoted word after `/bin/bash -l -c`.
    static func recognise(_ command: String, keepRedirect: Bool = false) -> WheneverJob? {
        let prefix = "/bin/bash -l -c "
        guard command.hasPrefix(prefix), var inner = singleQuoted(String(command.dropFirst(prefix.count))) else { return nil }
        var job = WheneverJob(command: "", env: [])
        if inner.hasPrefix("cd "), let and = inner.firstRange(of: " && ") {
            let dir = String(inner[inner.index(inner.startIndex, offsetBy: 3)..<and.lowerBound])
            guard !dir.contains(where: { " '\"$`\\;|&".contains($0) }) else { return nil }
            job.directory = dir
            inner = String(inner[and.upperBound...])
        }
        var rest = Substring(inner)
        while let word = rest.peekWord(), let eq = word.firstIndex(of: "="), ConfigDecoder.isVariableName(String(word[..<eq])),
              !word.contains(where: { "'\"$`\\".contains($0) }) {
            job.env.append((String(word[..<eq]), String(word[word.index(after: eq)...])))
            _ = rest.nextWord()
        }
        var body = String(rest.drop { $0 == " " })
        if let r = body.firstRange(of: " >> "), isOutputTail(body[r.upperBound...]) {
            job.redirect = String(body[r.lowerBound...]).trimmingSet(" ")
            body = String(body[..<r.lowerBound])
        }
        if body.hasSuffix(" --silent"), body.contains(" rake ") { body = String(body.dropLast(" --silent".count)) }
        guard !body.isEmpty else { return nil }
        job.command = keepRedirect ? body + (job.redirect.map { " " + $0 } ?? "") : body
        if let dir = job.directory, let current = currentSymlink(dir) { job.pinnedRelease = dir; job.directory = current }
        return job
    }

    /// `FILE 2>&1` or `FILE 2>> FILE2` (whenever's `:output` forms), plain file names only.
    static func isOutputTail(_ tail: Substring) -> Bool {
        let words = tail.split(separator: " ").map(String.init)
        let plain: (String) -> Bool = { !$0.isEmpty && !$0.contains(where: { "'\"$`;|&<>()\\".contains($0) }) }
        guard let file = words.first, plain(file) else { return false }
        return words.count == 1 || (words.count == 2 && words[1] == "2>&1") || (words.count == 3 && words[1] == "2>>" && plain(words[2]))
    }

    /// `/srv/app/releases/20240101` → `/srv/app/current` (Capistrano's layout).
    static func currentSymlink(_ dir: String) -> String? {
        let parts = dir.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[parts.count - 2] == "releases", let last = parts.last, !last.isEmpty,
              last.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
        return parts.dropLast(2).joined(separator: "/") + "/current"
    }

    /// The text of one shell word made of single-quoted pieces and `\'` (whenever's `'\''` escape); nil otherwise.
    static func singleQuoted(_ s: String) -> String? {
        var out = "", i = s.startIndex
        while i < s.endIndex {
            if s[i] == "'" {
                guard let close = s[s.index(after: i)...].firstIndex(of: "'") else { return nil }
                out += s[s.index(after: i)..<close]
                i = s.index(after: close)
            } else if s[i] == "\\", s.index(after: i) < s.endIndex, s[s.index(after: i)] == "'" {
                out.append("'"); i = s.index(i, offsetBy: 2)
            } else { return nil }
        }
        return out.isEmpty ? nil : out
    }
}

extension Substring {
    /// The next blank-separated word, without removing it.
    func peekWord() -> String? { var copy = self; return copy.nextWord() }
}
