/// Substring search and replacement without the `_StringProcessing` module: its generic
/// `contains(_:)`, `firstRange(of:)` and collection `split(separator:)` add 1.4 MB to the static
/// binary (measured), which must stay under 8 MB. These overloads are more specific, so they win.
extension StringProtocol {
    /// Whether `other` occurs in the string (byte-wise on UTF-8; empty is always found).
    public func contains(_ other: String) -> Bool { firstRange(of: other) != nil }

    /// The first occurrence of `other`, by UTF-8 bytes (a valid needle only matches at scalar starts).
    public func firstRange(of other: String) -> Range<String.Index>? {
        let needle = Array(other.utf8)
        let hay = utf8
        guard let first = needle.first else { return startIndex..<startIndex }
        var i = hay.startIndex
        while i != hay.endIndex {
            if hay[i] == first {
                var j = i, k = 0
                while k < needle.count, j != hay.endIndex, hay[j] == needle[k] { j = hay.index(after: j); k += 1 }
                if k == needle.count { return i..<j }
            }
            i = hay.index(after: i)
        }
        return nil
    }

    /// Every occurrence of `target` replaced by `replacement`.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return String(self) }
        var out = "", rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
