/// The hardware topology of one machine: an immutable tree of packages, dies, groups, NUMA nodes,
/// caches, cores and processing units (PUs), as hwloc reports it.
///
/// A `Topology` is a plain value, flattened from hwloc once by ``Topology/load(from:)``; it holds
/// no C resources and can be shared freely between threads. Objects are stored in depth-first
/// pre-order and addressed by ``ObjectID``. As in hwloc 2, a NUMA node is a *memory child* of the
/// object it is attached to (a package, group, die or L3): it is listed among that object's
/// ``Object/children`` but is not an ancestor of the PUs it serves; ``numaNode(ofPU:)`` answers
/// locality.
public struct Topology: Sendable, Hashable {
    /// Where a topology was read from.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// This machine, discovered by hwloc.
        case live
        /// An hwloc XML export on disk.
        case xmlFile(String)
        /// An hwloc XML export in memory.
        case xml(String)
        /// An hwloc synthetic description such as `"pack:2 numa:2 l3:1 core:8 pu:2"`.
        case synthetic(String)

        /// `live`, `xml:PATH`, `xml:(buffer)` or `synthetic:DESCRIPTION`.
        public var description: String {
            switch self {
            case .live: "live"
            case .xmlFile(let path): "xml:\(path)"
            case .xml: "xml:(buffer)"
            case .synthetic(let text): "synthetic:\(text)"
            }
        }
    }

    /// The object types kept in the flattened tree (hwloc's L1i, MemCache, Misc and I/O objects are
    /// skipped; their children hang from the nearest kept ancestor).
    public enum ObjectType: Int, Sendable, Hashable, CaseIterable, Comparable {
        case machine, package, die, group, numaNode, l3Cache, l2Cache, l1Cache, core, pu

        /// hwloc's name for the type, as `lstopo` prints it (`Package`, `NUMANode`, `L3`, `PU`, …).
        public var hwlocName: String {
            switch self {
            case .machine: "Machine"
            case .package: "Package"
            case .die: "Die"
            case .group: "Group"
            case .numaNode: "NUMANode"
            case .l3Cache: "L3"
            case .l2Cache: "L2"
            case .l1Cache: "L1d"
            case .core: "Core"
            case .pu: "PU"
            }
        }

        /// Parses hwloc's name or a common alias (`pack`, `socket`, `numa`, `l3`, `pu`, `thread`).
        public init?(name: String) {
            switch name.lowercased() {
            case "machine": self = .machine
            case "package", "pack", "socket": self = .package
            case "die": self = .die
            case "group": self = .group
            case "numanode", "numa", "node": self = .numaNode
            case "l3", "l3cache": self = .l3Cache
            case "l2", "l2cache": self = .l2Cache
            case "l1", "l1d", "l1cache": self = .l1Cache
            case "core": self = .core
            case "pu", "thread", "hwthread": self = .pu
            default: return nil
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The position of an object in ``objects``.
    public struct ObjectID: RawRepresentable, Sendable, Hashable, Comparable {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        init(_ index: Int) { self.rawValue = Int32(index) }
        var index: Int { Int(rawValue) }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// hwloc's logical index (`L#`): dense, 0-based, in topology order, per object type.
    public struct LogicalIndex: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
        public var description: String { "L#\(rawValue)" }
    }

    /// The operating system's index (`P#`): what the kernel, `taskset` and `numactl` call a CPU or
    /// a node. May be sparse and need not follow the logical order.
    public struct OSIndex: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
        public var description: String { "P#\(rawValue)" }
    }

    /// A cache's attributes.
    public struct Cache: Sendable, Hashable {
        /// 1, 2 or 3.
        public var level: Int
        /// Size in bytes (0 when hwloc does not know it).
        public var size: UInt64
        /// Line size in bytes (0 when unknown).
        public var lineSize: Int
        /// Ways of associativity; -1 is fully associative, 0 unknown.
        public var associativity: Int
    }

    /// One object of the tree.
    public struct Object: Sendable, Hashable {
        public var type: ObjectType
        public var logicalIndex: LogicalIndex
        /// `nil` when hwloc has no OS index for the object (caches, groups).
        public var osIndex: OSIndex?
        public var parent: ObjectID?
        /// Children in hwloc order: memory children (NUMA nodes) first, then normal children.
        public var children: [ObjectID]
        /// Depth in this flattened tree (the machine is 0).
        public var depth: Int
        /// OS indexes of the PUs this object covers, ascending (for a NUMA node: its local PUs).
        public var cpuset: [OSIndex]
        /// Local memory of a NUMA node in bytes; 0 for other objects.
        public var localMemory: UInt64
        /// Cache attributes for L1d/L2/L3 objects.
        public var cache: Cache?
        /// For PUs: the index into ``Topology/cpuKinds`` (hybrid P/E cores), when hwloc knows kinds.
        public var cpuKind: Int?
        /// For PUs: whether this process may run there (cgroups, `taskset`). Always `true` elsewhere.
        public var isAllowed: Bool
        /// hwloc's subtype (e.g. `Cluster` for a Group), when it has one.
        public var subtype: String?
        /// For Groups: hwloc's group depth (the `N` in `GroupN`).
        public var groupDepth: Int
    }

    /// A kind of CPU core on hybrid processors.
    public struct CPUKind: Sendable, Hashable {
        /// hwloc's efficiency rank: higher is a bigger, faster core; -1 when unknown.
        public var efficiency: Int
        /// hwloc's `CoreType` info (`IntelCore`, `IntelAtom`), when present.
        public var coreType: String?
        /// OS indexes of the PUs of this kind.
        public var pus: [OSIndex]
    }

    /// Every object, in depth-first pre-order; `objects[0]` is the machine.
    public let objects: [Object]
    /// The NUMA latency matrix hwloc has (rows and columns in NUMA logical order), or `nil`.
    /// Linux reports ACPI SLIT values, 10 meaning local.
    public let numaDistanceMatrix: [[UInt64]]?
    /// CPU kinds, least efficient first; empty when hwloc reports none.
    public let cpuKinds: [CPUKind]
    /// Where the topology was read from.
    public let source: Source
    /// Whether the topology describes the machine this process runs on.
    public let isThisSystem: Bool
    /// The hwloc version this process runs with, e.g. `2.9.0`.
    public let hwlocVersion: String

    /// Object ids per type, in logical order (Groups: by depth, then logical order).
    let byType: [[ObjectID]]
    /// For every object id of a PU, that PU's local NUMA node (by logical index), -1 when none.
    let localNUMA: [Int32]

    init(
        objects: [Object], numaDistanceMatrix: [[UInt64]]?, cpuKinds: [CPUKind], source: Source,
        isThisSystem: Bool, hwlocVersion: String
    ) {
        self.objects = objects
        self.numaDistanceMatrix = numaDistanceMatrix
        self.cpuKinds = cpuKinds
        self.source = source
        self.isThisSystem = isThisSystem
        self.hwlocVersion = hwlocVersion
        var byType = [[ObjectID]](repeating: [], count: ObjectType.allCases.count)
        for (index, object) in objects.enumerated() { byType[object.type.rawValue].append(ObjectID(index)) }
        for type in ObjectType.allCases {
            // Logical indexes are per depth: Groups at several depths are ordered outer depth first.
            byType[type.rawValue].sort {
                (objects[$0.index].depth, objects[$0.index].logicalIndex) < (
                    objects[$1.index].depth, objects[$1.index].logicalIndex
                )
            }
        }
        self.byType = byType
        self.localNUMA = Self.localNUMANodes(objects: objects, numaNodes: byType[ObjectType.numaNode.rawValue])
    }

    /// The NUMA node whose cpuset holds each PU; the lowest logical index wins when several do (KNL's
    /// DDR and MCDRAM are both local).
    private static func localNUMANodes(objects: [Object], numaNodes: [ObjectID]) -> [Int32] {
        var result = [Int32](repeating: -1, count: objects.count)
        var nodeOfPU: [OSIndex: Int32] = [:]
        for node in numaNodes.reversed() {
            for pu in objects[node.index].cpuset { nodeOfPU[pu] = objects[node.index].logicalIndex.rawValue }
        }
        for (index, object) in objects.enumerated() where object.type == .pu {
            if let os = object.osIndex, let node = nodeOfPU[os] { result[index] = node }
        }
        return result
    }
}
