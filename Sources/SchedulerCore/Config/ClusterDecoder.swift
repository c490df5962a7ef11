import TOML

/// Decoding of the `[cluster]` table.
extension ConfigDecoder {
    static let clusterKeys = ["url"] + ClusterSettings.connectionKeys
        + ["node", "name", "lease", "claim_grace", "when_unreachable", "keep", "durable_claims"]
    static let passwordHint = "keep the password out of the config: set PGPASSWORD (e.g. in an env_file the service reads) "
        + "or put it in ~/.pgpass (mode 0600)"

    func cluster(_ t: TOMLTable, at table: Field) -> ClusterSettings {
        var c = ClusterSettings()
        for f in t.fields(.cluster) {
            switch f.key {
            case "url": c.url = url(f)
            case "sslmode": if let m = choice(f, ClusterSettings.sslModes) { c.parameters[f.key] = m }
            case "port":
                if case .integer = f.value { if let n = integer(f, in: 1...65535, what: "a port number", example: 5432) { c.parameters["port"] = String(n) } }
                else if let s = text(f, what: "port number") { c.parameters["port"] = s }
            case "host", "dbname", "user", "sslrootcert":
                if let s = text(f, what: "\(f.key) of the cluster database") { c.parameters[f.key] = s }
            case "node": if let s = nodeName(f) { c.node = s }
            case "name": if let s = text(f, what: "cluster's name, e.g. \"shop\"") { c.name = s }
            case "lease": if let d = duration(f, zeroHint: "a lease must outlast a heartbeat, e.g. lease = \"30s\"") { c.lease = d }
            case "claim_grace": if let d = duration(f) { c.claimGrace = d }
            case "when_unreachable":
                if let w = choice(f, WhenUnreachable.allCases.map(\.rawValue)) { c.whenUnreachable = WhenUnreachable(rawValue: w)! }
            case "keep": if let d = duration(f, zeroHint: "keep finished slot rows for a while, e.g. keep = \"30d\"") { c.keep = d }
            case "durable_claims": if let b = bool(f) { c.durableClaims = b }
            case "password", "passfile":
                keyError(f, "\(f.label): a password can't be in the config file", hint: Self.passwordHint)
            default: unknownKey(f, known: Self.clusterKeys)
            }
        }
        if c.lease < .seconds(3) {
            if let f = t.fields(.cluster).first(where: { $0.key == "lease" }) {
                valueError(f, "\(f.label) is shorter than 3s", hint: "nodes heartbeat every lease/3; write lease = \"30s\" or more")
            }
        }
        return c
    }

    private func nodeName(_ f: Field) -> String? {
        guard let s = text(f, what: "node name, unique in the cluster, e.g. \"web1\"") else { return nil }
        guard s.count <= 255 else { valueError(f, "\(f.label) is longer than 255 characters", hint: nil); return nil }
        return s
    }

    /// A libpq URI, checked by `ClusterURL.problems` with carets inside the string.
    private func url(_ f: Field) -> String? {
        guard let s = text(f, what: "database URI, e.g. \"postgres://deploy@db.internal/shop\"") else { return nil }
        let problems = ClusterURL.problems(s)
        for p in problems {
            errorInside(f, at: f.entry.valuePosition, text: s, offset: p.offset, length: p.length, "\(f.label): \(p.message)",
                        hint: p.hint)
        }
        return problems.isEmpty ? s : nil
    }
}
