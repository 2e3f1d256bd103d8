import CShardPlace
import Dispatch
import Synchronization
import Testing

/// The C ABI's handles, called through shardplace.h as a C caller would: freed, foreign and wrong-kind
/// handles are rejected with a message, and handles freed while other threads use them never crash.
@Suite struct HandleTableTests {
    static let demand: [Float] = [1, 1, 1, 1, 1, 1]
    static let capacity: [Float] = [3, 3]

    static func makeProblem() throws -> OpaquePointer {
        var handle: OpaquePointer?
        let status = sp_problem_create(6, 2, 1, demand, capacity, nil, &handle)
        try #require(status == SP_OK, "\(String(cString: sp_last_error()))")
        return try #require(handle)
    }

    static var lastError: String { String(cString: sp_last_error()) }

    @Test("a freed handle is rejected, and freeing it again is harmless")
    func freed() throws {
        let p = try Self.makeProblem()
        #expect(sp_problem_size(p, "shards") == 6)
        sp_problem_free(p)
        sp_clear_error()
        #expect(sp_problem_size(p, "shards") == SP_ERR_HANDLE)
        #expect(Self.lastError.contains("already freed"))
        sp_clear_error()
        sp_problem_free(p)
        #expect(Self.lastError.contains("already freed"))
    }

    @Test("a handle of the other kind is rejected with both kinds named")
    func wrongKind() throws {
        var t: OpaquePointer?
        #expect(sp_topology_load("synthetic", "pack:1 core:2 pu:1", &t) == SP_OK)
        #expect(sp_problem_size(t, "shards") == SP_ERR_HANDLE)
        #expect(Self.lastError.contains("is a topology handle, expected a problem handle"))
        let p = try Self.makeProblem()
        #expect(sp_topology_count(p, "pu") == SP_ERR_HANDLE)
        sp_problem_free(p)
        sp_topology_free(t)
    }

    @Test("values the library never returned are rejected without being read")
    func foreign() {
        for bits: UInt in [0x10, 0x7FFF_FFFF_0003, 0xDEAD_BEE0, UInt.max] {
            sp_clear_error()
            #expect(sp_problem_solve(OpaquePointer(bitPattern: bits), nil) == SP_ERR_HANDLE)
            #expect(!Self.lastError.isEmpty)
        }
        sp_clear_error()
        #expect(sp_problem_size(nil, "shards") == SP_ERR_HANDLE)
        #expect(Self.lastError.contains("NULL"))
    }

    @Test("handles are never reused")
    func neverReused() throws {
        var seen = Set<UInt>()
        for _ in 0..<50 {
            let p = try Self.makeProblem()
            #expect(seen.insert(UInt(bitPattern: p)).inserted)
            sp_problem_free(p)
        }
    }

    @Test("freeing a problem while other threads evaluate it never crashes")
    func freeWhileInUse() throws {
        let p = try Self.makeProblem()
        let bits = UInt(bitPattern: p)
        let outcomes = Mutex<[Int32: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let handle = OpaquePointer(bitPattern: bits)
            if i == 3 {
                sp_problem_free(handle)
                return
            }
            let placement: [Int32] = [0, 0, 0, 1, 1, 1]
            for _ in 0..<200 {
                var cost = 0.0
                var feasible: Int32 = 0
                let status = sp_problem_evaluate(handle, placement, &cost, &feasible)
                #expect(status == SP_ERR_HANDLE || (status == SP_OK && feasible == 1))
                outcomes.withLock { $0[status, default: 0] += 1 }
            }
        }
        let seen = outcomes.withLock { $0 }
        #expect(Set(seen.keys).isSubset(of: [SP_OK, SP_ERR_HANDLE]))
        #expect(sp_problem_size(p, "shards") == SP_ERR_HANDLE)
    }

    @Test("last errors belong to their thread")
    func threadLocalErrors() {
        sp_clear_error()
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            sp_clear_error()
            _ = sp_problem_set_option(nil, "seed", Double(i))
            #expect(String(cString: sp_last_error()).contains("NULL"))
        }
        // concurrentPerform may run an iteration on this thread: clear and check again on this thread only.
        sp_clear_error()
        #expect(Self.lastError.isEmpty)
    }
}
