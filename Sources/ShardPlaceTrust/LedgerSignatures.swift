internal import Crypto
internal import Dispatch
internal import Synchronization

/// Ed25519 verification of many signed lines at once, on every core, finding the first bad one.
enum LedgerSignatures {
    /// A line's signature and the 32-byte digest it signs.
    struct Signed: Sendable {
        /// The 1-based line of the file.
        var line: Int
        /// The entry's sequence number; `nil` for the seal.
        var sequence: Int?
        var digest: LedgerDigest
        var signature: [UInt8]
    }

    /// Lines per unit of parallel work.
    static let chunk = 512

    /// The first of `items` (in order) whose signature does not verify with `key`, or `nil`.
    static func firstInvalid(_ items: ArraySlice<Signed>, key: LedgerPublicKey) -> Signed? {
        let items = Array(items)
        guard let verifier = try? Curve25519.Signing.PublicKey(rawRepresentation: key.raw) else { return items.first }
        let chunks = (items.count + chunk - 1) / chunk
        // The lowest index found bad so far: chunks after it stop early.
        let firstBad = Mutex(Int.max)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(items.count, (c + 1) * chunk) {
                if firstBad.withLock({ $0 }) < i { return }
                let item = items[i]
                if item.signature.count != 64 || !verifier.isValidSignature(item.signature, for: item.digest.bytes) {
                    firstBad.withLock { $0 = min($0, i) }
                    return
                }
            }
        }
        let index = firstBad.withLock { $0 }
        return index == Int.max ? nil : items[index]
    }
}
