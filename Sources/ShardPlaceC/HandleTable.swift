internal import CShardPlace
import Synchronization

/// The live handles of the C ABI. A handle is a token, `serial << 4 | kind`, never a pointer into the
/// library's memory, and serials are never reused: a freed handle, a handle of the wrong kind or a value
/// the library never returned is recognised on every call instead of being dereferenced. A handle
/// freed while another thread is inside a call on it stays alive until that call returns (the call holds
/// a strong reference to the object).
final class HandleTable: Sendable {
    /// What a handle names.
    enum Object: Sendable {
        case topology(TopologyHandle)
        case problem(ProblemHandle)
        case plan(PlanHandle)

        var kind: Kind {
            switch self {
            case .topology: .topology
            case .problem: .problem
            case .plan: .plan
            }
        }
    }

    /// The kind of a handle, in its low 4 bits.
    enum Kind: UInt, Sendable {
        case topology = 1
        case problem = 2
        case plan = 3

        var name: String {
            switch self {
            case .topology: "topology"
            case .problem: "problem"
            case .plan: "plan"
            }
        }
    }

    private struct State: Sendable {
        var nextSerial: UInt = 1
        var live: [UInt: Object] = [:]
    }

    /// The process's table.
    static let shared = HandleTable()

    private let state = Mutex(State())

    /// Registers an object and returns its new handle.
    func insert(_ object: Object) -> OpaquePointer {
        let token = state.withLock { state -> UInt in
            let token = state.nextSerial << 4 | object.kind.rawValue
            state.nextSerial += 1
            state.live[token] = object
            return token
        }
        return OpaquePointer(bitPattern: token)!
    }

    /// The live object behind a handle of the expected kind.
    func lookup(_ handle: OpaquePointer?, _ kind: Kind) throws(CABIError) -> Object {
        let token = UInt(bitPattern: handle)
        let object = state.withLock { $0.live[token] }
        guard let object, object.kind == kind else { throw explain(token, kind) }
        return object
    }

    /// Unregisters a handle; the object goes when the last call using it returns.
    func remove(_ handle: OpaquePointer?, _ kind: Kind) throws(CABIError) {
        let token = UInt(bitPattern: handle)
        let removed = state.withLock { state -> Bool in
            guard let object = state.live[token], object.kind == kind else { return false }
            state.live[token] = nil
            return true
        }
        guard removed else { throw explain(token, kind) }
    }

    /// The topology behind a handle.
    func topology(_ handle: OpaquePointer?) throws(CABIError) -> TopologyHandle {
        guard case .topology(let object) = try lookup(handle, .topology) else { fatalError("unreachable") }
        return object
    }

    /// The problem behind a handle.
    func problem(_ handle: OpaquePointer?) throws(CABIError) -> ProblemHandle {
        guard case .problem(let object) = try lookup(handle, .problem) else { fatalError("unreachable") }
        return object
    }

    /// The plan behind a handle.
    func plan(_ handle: OpaquePointer?) throws(CABIError) -> PlanHandle {
        guard case .plan(let object) = try lookup(handle, .plan) else { fatalError("unreachable") }
        return object
    }

    /// Why a token is not a live handle of `kind`.
    private func explain(_ token: UInt, _ kind: Kind) -> CABIError {
        let hex = "0x" + String(token, radix: 16)
        if token == 0 { return .handle("\(kind.name) handle is NULL") }
        let (live, next) = state.withLock { ($0.live[token], $0.nextSerial) }
        if let live { return .handle("handle \(hex) is a \(live.kind.name) handle, expected a \(kind.name) handle") }
        guard let tagged = Kind(rawValue: token & 0xF), token >> 4 < next else {
            return .handle("\(hex) is not a handle returned by this library (expected a \(kind.name) handle)")
        }
        if tagged != kind {
            return .handle("handle \(hex) is a freed \(tagged.name) handle, expected a \(kind.name) handle")
        }
        return .handle("\(kind.name) handle \(hex) was already freed")
    }
}
