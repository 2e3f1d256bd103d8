// The only Swift file that calls the C core. Everything C stays here: handles, buffers and errno.

internal import CTopology

/// Owns one loaded hwloc topology handle for as long as it is needed; destroys it in `deinit`.
private struct LoadedTopology: ~Copyable {
    let handle: OpaquePointer

    init(_ source: Topology.Source) throws(TopologyError) {
        let handle = try openHandle(source)
        self.handle = handle
    }

    deinit { CTopology_destroy(handle) }
}

private func makeError(_ status: Int32, _ message: [CChar]) -> TopologyError {
    let text = cString(message)
    return TopologyError(code: -status, message: text.isEmpty ? "topology error \(-status)" : text)
}

/// Loads a topology handle through the C core; the caller owns it.
private func openHandle(_ source: Topology.Source) throws(TopologyError) -> OpaquePointer {
    var message = [CChar](repeating: 0, count: 512)
    var handle: OpaquePointer?
    let status: Int32
    switch source {
    case .live:
        status = CTopology_load(Int32(CTOPOLOGY_SOURCE_LIVE), nil, 0, &handle, &message, message.count)
    case .xmlFile(let path):
        status = CTopology_load(
            Int32(CTOPOLOGY_SOURCE_XML_FILE), path, path.utf8.count, &handle, &message, message.count)
    case .xml(let text):
        status = CTopology_load(
            Int32(CTOPOLOGY_SOURCE_XML_BUFFER), text, text.utf8.count, &handle, &message, message.count)
    case .synthetic(let text):
        status = CTopology_load(
            Int32(CTOPOLOGY_SOURCE_SYNTHETIC), text, text.utf8.count, &handle, &message, message.count)
    }
    guard status == 0, let handle else { throw makeError(status, message) }
    return handle
}

private func cString(_ tuple: [CChar]) -> String {
    String(decoding: tuple.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension Topology {
    /// Loads and flattens a topology through hwloc (`hwloc_topology_init`, `hwloc_topology_set_xml`,
    /// `hwloc_topology_set_synthetic`, `hwloc_topology_load`).
    ///
    /// - Parameter source: this machine (the default), an XML export, or a synthetic description.
    /// - Returns: the flattened topology; no hwloc resource outlives the call.
    /// - Throws: ``TopologyError`` naming the input and hwloc's reason (missing or unreadable file,
    ///   malformed or foreign XML, invalid synthetic description).
    public static func load(from source: Source = .live) throws(TopologyError) -> Topology {
        let loaded = try LoadedTopology(source)
        let handle = loaded.handle
        let count = Int(CTopology_object_count(handle))
        var raw = [CTopologyObject](repeating: CTopologyObject(), count: count)
        var pool = [Int32](repeating: 0, count: Int(CTopology_pu_pool_count(handle)))
        guard CTopology_copy_objects(handle, &raw, Int32(count)) == 0,
            CTopology_copy_pu_pool(handle, &pool, Int32(pool.count)) == 0
        else { throw TopologyError(code: 22, message: "hwloc returned an inconsistent topology") }

        var children = [[ObjectID]](repeating: [], count: count)
        for (index, object) in raw.enumerated() where object.parent >= 0 {
            children[Int(object.parent)].append(ObjectID(index))
        }
        let objects = raw.enumerated().map { index, o in
            let type = ObjectType(rawValue: Int(o.type))!
            let subtype = withUnsafeBytes(of: o.subtype) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            let first = Int(o.cpuset_first)
            return Object(
                type: type,
                logicalIndex: LogicalIndex(rawValue: o.logical_index),
                osIndex: o.os_index < 0 ? nil : OSIndex(rawValue: o.os_index),
                parent: o.parent < 0 ? nil : ObjectID(rawValue: o.parent),
                children: children[index],
                depth: Int(o.depth),
                cpuset: pool[first..<first + Int(o.cpuset_count)].map { OSIndex(rawValue: $0) },
                localMemory: o.local_memory,
                cache: o.cache_depth > 0
                    ? Cache(
                        level: Int(o.cache_depth), size: o.cache_size, lineSize: Int(o.cache_linesize),
                        associativity: Int(o.cache_associativity)) : nil,
                cpuKind: o.cpukind < 0 ? nil : Int(o.cpukind),
                isAllowed: type != .pu || o.allowed != 0,
                subtype: subtype.isEmpty ? nil : subtype,
                groupDepth: Int(o.group_depth)
            )
        }

        let side = Int(CTopology_numa_distance_side(handle))
        var matrix: [[UInt64]]?
        if side > 0 {
            var flat = [UInt64](repeating: 0, count: side * side)
            if CTopology_copy_numa_distances(handle, &flat, Int32(flat.count)) == 0 {
                matrix = (0..<side).map { Array(flat[$0 * side..<($0 + 1) * side]) }
            }
        }

        var kinds: [CPUKind] = []
        for kind in 0..<CTopology_cpukind_count(handle) {
            var efficiency: Int32 = -1
            var coreType = [CChar](repeating: 0, count: 64)
            guard CTopology_cpukind_info(handle, kind, &efficiency, &coreType, coreType.count) == 0 else { continue }
            let pus = objects.filter { $0.type == .pu && $0.cpuKind == Int(kind) }.compactMap(\.osIndex)
            let name = cString(coreType)
            kinds.append(CPUKind(efficiency: Int(efficiency), coreType: name.isEmpty ? nil : name, pus: pus))
        }

        return Topology(
            objects: objects, numaDistanceMatrix: matrix, cpuKinds: kinds, source: source,
            isThisSystem: CTopology_is_this_system(handle) != 0, hwlocVersion: hwlocRuntimeVersion)
    }

    /// The hwloc library version this process runs with (`hwloc_get_api_version`), e.g. `2.9.0`.
    public static var hwlocRuntimeVersion: String {
        let v = CTopology_hwloc_version()
        return "\(v >> 16).\((v >> 8) & 0xff).\(v & 0xff)"
    }

    /// Exports a topology as hwloc XML (`hwloc_topology_export_xmlbuffer`); loading the result gives
    /// back the same topology.
    ///
    /// - Throws: ``TopologyError`` when the source cannot be loaded or exported.
    public static func exportXML(from source: Source) throws(TopologyError) -> String {
        let loaded = try LoadedTopology(source)
        var message = [CChar](repeating: 0, count: 256)
        var needed = 0
        var status = CTopology_export_xml(loaded.handle, nil, 0, &needed, &message, message.count)
        guard status == 0 else { throw makeError(status, message) }
        var buffer = [CChar](repeating: 0, count: needed)
        status = CTopology_export_xml(loaded.handle, &buffer, buffer.count, &needed, &message, message.count)
        guard status == 0 else { throw makeError(status, message) }
        return cString(buffer)
    }
}

/// This machine's NUMA layout as the kernel reports it through libnuma (`numa_available`,
/// `numa_num_configured_nodes`, `numa_node_to_cpus`, `numa_node_size64`, `numa_distance`): what
/// `numactl --hardware` prints.
public struct SystemNUMA: Sendable, Hashable {
    /// One NUMA node.
    public struct Node: Sendable, Hashable {
        public var id: Int
        public var cpus: [Int]
        public var size: Int64
        public var free: Int64
    }

    /// Whether the kernel has NUMA support. When `false`, ``nodes`` is empty.
    public let isAvailable: Bool
    /// The configured nodes with memory or CPUs, ascending.
    public let nodes: [Node]
    /// SLIT distances between ``nodes`` (same order); 10 is local.
    public let distances: [[Int]]

    /// Reads the live values from libnuma.
    public static func read() -> SystemNUMA {
        guard CTopology_numa_available() != 0 else { return SystemNUMA(isAvailable: false, nodes: [], distances: []) }
        var nodes: [Node] = []
        let maxNode = CTopology_numa_max_node()
        if maxNode >= 0 {
            for id in 0...maxNode {
                var size: Int64 = 0
                var free: Int64 = 0
                guard CTopology_numa_node_memory(id, &size, &free) == 0 else { continue }
                let count = CTopology_numa_node_cpus(id, nil, 0)
                var cpus = [Int32](repeating: 0, count: max(0, Int(count)))
                if count > 0 { _ = CTopology_numa_node_cpus(id, &cpus, count) }
                nodes.append(Node(id: Int(id), cpus: cpus.map(Int.init), size: size, free: free))
            }
        }
        let distances = nodes.map { a in nodes.map { b in Int(CTopology_numa_distance(Int32(a.id), Int32(b.id))) } }
        return SystemNUMA(isAvailable: true, nodes: nodes, distances: distances)
    }
}

/// Binds threads and allocates NUMA-local memory on the machine a topology describes.
///
/// When the topology is not this system's (an XML export or a synthetic description), binding
/// succeeds and does nothing and allocation is plain: the same solver code runs everywhere, and on
/// a real multi-socket machine its chains really are pinned. hwloc's binding calls take a `const`
/// topology and are safe from several threads at once, so one `Affinity` serves every chain.
public final class Affinity: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Whether binding has an effect (the topology is this machine's).
    public let isEffective: Bool

    /// Opens the topology whose cpusets and nodes will be bound to.
    /// - Throws: ``TopologyError`` when hwloc cannot load it.
    public init(source: Topology.Source = .live) throws(TopologyError) {
        let handle = try openHandle(source)
        self.handle = handle
        self.isEffective = CTopology_is_this_system(handle) != 0
    }

    deinit { CTopology_destroy(handle) }

    /// Binds the calling thread to these PUs (`hwloc_set_cpubind` with `HWLOC_CPUBIND_THREAD`).
    /// - Throws: ``TopologyError`` when the set is empty or the kernel refuses it.
    public func bindCurrentThread(to pus: [Topology.OSIndex]) throws(TopologyError) {
        let raw = pus.map(\.rawValue)
        var message = [CChar](repeating: 0, count: 256)
        let status = CTopology_bind_thread(handle, raw, Int32(raw.count), &message, message.count)
        guard status == 0 else { throw makeError(status, message) }
    }

    /// The PUs the calling thread may run on (`hwloc_get_cpubind`), or `nil` when unsupported.
    public func currentThreadBinding() -> [Topology.OSIndex]? {
        let count = CTopology_thread_binding(handle, nil, 0)
        guard count >= 0 else { return nil }
        var raw = [Int32](repeating: 0, count: Int(count))
        let again = CTopology_thread_binding(handle, &raw, count)
        guard again >= 0 else { return nil }
        return raw.prefix(Int(min(again, count))).map { Topology.OSIndex(rawValue: $0) }
    }

    /// Allocates memory bound to a NUMA node (`hwloc_alloc_membind`, falling back to plain memory).
    /// - Throws: ``TopologyError`` when no memory can be had.
    public func allocate(byteCount: Int, onNUMANode node: Topology.OSIndex) throws(TopologyError) -> NodeLocalMemory {
        precondition(byteCount > 0, "allocation must not be empty")
        guard let pointer = CTopology_alloc_on_node(handle, byteCount, node.rawValue) else {
            throw TopologyError(code: 12, message: "cannot allocate \(byteCount) bytes on NUMA node \(node.rawValue)")
        }
        return NodeLocalMemory(pointer: pointer, byteCount: byteCount, owner: self)
    }

    fileprivate func release(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int) {
        CTopology_free_memory(handle, pointer, byteCount)
    }
}

/// Memory allocated on one NUMA node; released when the value goes out of scope.
public struct NodeLocalMemory: ~Copyable, @unchecked Sendable {
    /// The start of the allocation (page-aligned).
    public let pointer: UnsafeMutableRawPointer
    /// Its size in bytes.
    public let byteCount: Int
    private let owner: Affinity

    fileprivate init(pointer: UnsafeMutableRawPointer, byteCount: Int, owner: Affinity) {
        self.pointer = pointer
        self.byteCount = byteCount
        self.owner = owner
    }

    deinit { owner.release(pointer, byteCount) }
}
