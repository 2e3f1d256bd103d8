// The C entry points of the library as a whole (see shardplace.h). `sp_last_error` itself is C
// (CSources/CShardPlace/error.c): it returns the calling thread's buffer.

internal import CShardPlace
import Glibc
import ShardPlace

/// Every cost term's name, hard terms first, as C strings that live as long as the process. Written once
/// (lazy global initialisation is thread-safe) and only read after: safe to share between threads.
nonisolated(unsafe) let termNames: [UnsafeMutablePointer<CChar>] = (CostTerms.hardNames + CostTerms.softNames).map {
    strdup($0)!
}

@_cdecl("sp_abi_version")
public func spABIVersion() -> Int32 { SP_ABI_VERSION }

@_cdecl("sp_abi_revision")
public func spABIRevision() -> Int32 { SP_ABI_REVISION }

@_cdecl("sp_term_count")
public func spTermCount() -> Int32 { Int32(termNames.count) }

@_cdecl("sp_term_name")
public func spTermName(_ index: Int32) -> UnsafePointer<CChar>? {
    guard index >= 0, Int(index) < termNames.count else {
        setLastError("term index \(index) is out of range 0..<\(termNames.count)")
        return nil
    }
    return UnsafePointer(termNames[Int(index)])
}
