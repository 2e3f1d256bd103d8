// The topology entry points of the C ABI (see shardplace.h).

internal import CShardPlace
import ShardPlace

@_cdecl("sp_topology_load")
public func spTopologyLoad(
    _ kind: UnsafePointer<CChar>?, _ source: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let out = try CArguments.pointer(out, "out")
        let kindName = try CArguments.string(kind, "kind")
        let origin: Topology.Source
        switch kindName {
        case "live": origin = .live
        case "xml": origin = .xmlFile(try CArguments.string(source, "source (an hwloc XML file path)"))
        case "xml-buffer": origin = .xml(try CArguments.string(source, "source (hwloc XML text)"))
        case "synthetic": origin = .synthetic(try CArguments.string(source, "source (an hwloc synthetic description)"))
        default:
            throw .argument(
                "unknown topology kind \"\(kindName)\": expected \"live\", \"xml\", \"xml-buffer\" or \"synthetic\"")
        }
        let topology: Topology
        do throws(TopologyError) {
            topology = try Topology.load(from: origin)
        } catch {
            throw CABIError(status: SP_ERR_TOPOLOGY, message: error.message)
        }
        out.pointee = HandleTable.shared.insert(.topology(TopologyHandle(topology)))
        return SP_OK
    }
}

@_cdecl("sp_topology_count")
public func spTopologyCount(_ t: OpaquePointer?, _ type: UnsafePointer<CChar>?) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let topology = try HandleTable.shared.topology(t).topology
        let name = try CArguments.string(type, "type")
        guard let objectType = Topology.ObjectType(name: name) else {
            throw .argument(
                "unknown object type \"\(name)\": expected \"machine\", \"package\", \"die\", \"group\", \"numa\", \"l3\", \"l2\", \"l1\", \"core\" or \"pu\""
            )
        }
        return Int32(clamping: topology.count(of: objectType))
    }
}

@_cdecl("sp_topology_json")
public func spTopologyJSON(
    _ t: OpaquePointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let topology = try HandleTable.shared.topology(t).topology
        return try CArguments.copy(topology.jsonDocument, into: buffer, capacity: capacity, length: length)
    }
}

@_cdecl("sp_topology_free")
public func spTopologyFree(_ t: OpaquePointer?) {
    guard t != nil else { return }
    _ = entryPoint { () throws(CABIError) -> Int32 in
        try HandleTable.shared.remove(t, .topology)
        return SP_OK
    }
}
