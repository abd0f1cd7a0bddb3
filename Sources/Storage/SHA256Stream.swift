import COpenSSL

/// An incremental SHA-256: bytes fed in pieces, the digest of everything so far read at any
/// point without ending the stream. A value type: a copy is a snapshot that can be extended on its
/// own, so digests of many prefixes of one input cost one pass over it.
public struct SHA256Stream: Sendable {
    private var context: Context

    /// An empty stream.
    public init() { context = Context() }

    /// Feeds `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // Copy on write: a snapshot shares its state until one of them is fed.
        if !isKnownUniquelyReferenced(&context) { context = Context(copying: context) }
        EVP_DigestUpdate(context.pointer, base, bytes.count)
    }

    /// Feeds `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far, as 64 lowercase hex digits; the stream goes on.
    public func hex() -> String {
        let final = Context(copying: context)
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(final.pointer, &digest, &length)
        return SHA256Digest.hexText(digest)
    }

    /// libcrypto's digest state, owned: freed with the last stream that holds it, never fed while
    /// another stream shares it.
    private final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        init() {
            pointer = EVP_MD_CTX_new()
            EVP_DigestInit_ex(pointer, EVP_sha256(), nil)
        }

        init(copying other: Context) {
            pointer = EVP_MD_CTX_new()
            EVP_MD_CTX_copy_ex(pointer, other.pointer)
        }

        deinit { EVP_MD_CTX_free(pointer) }
    }
}
