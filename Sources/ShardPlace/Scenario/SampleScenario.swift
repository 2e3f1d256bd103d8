/// A small hand-written scenario that ships with the library: the `shardplace` CLI's default input and
/// the README's first example.
///
/// Twelve hosts in three zones (`zone-a`, `zone-b`, `zone-c`), each with two racks of two hosts, in three
/// shapes: `compute` (32 cores, two sockets with two NUMA nodes each), `general` (16 cores, one socket)
/// and `storage` (8 cores, 8000 GiB of disk, an older fleet with a trust score of 0.8). Four resources:
/// `cpu` in cores, `memory` in GiB, `disk` in GiB (transient: a moving shard holds its disk on both
/// hosts until the copy ends) and `net` in Gbit/s.
///
/// Thirty shards in eight replica groups and a few loose jobs:
///
/// - `orders-db`: three replicas, one per zone (`antiAffinity: "zone"`), only on hosts trusted ≥ 0.9.
/// - `users-db`, `cache`, `search`, `queue`, `metrics`, `analytics`: two or three replicas on distinct
///   hosts (`antiAffinity: "host"`); `analytics` only on `compute` hosts, `search` never on `storage`.
/// - `api`: six stateless shards spread over all three zones (`spread: {key: zone, min: 3}`), and every
///   zone running an `api` shard must also run a `cache` replica (`dependsOn` within `zone`).
/// - `batch-*`, `ingest-*` and `backup-0` (pinned to `c2-2`) belong to no group.
///
/// The current placement is feasible (capacities, anti-affinity, spread, dependency, pins and label
/// rules all hold) but poor: zone a holds 20 of the 30 shards, `a1-1` and `a1-2` run above their safety
/// cpu and `a2-1` above its safety disk and net, while half of zones b and c stands idle; and the `api`
/// shards of zones b and c, the `ingest` jobs and `analytics-1` talk across zones to their peers.
public enum SampleScenario {
    /// The scenario as a JSON document (see the DocC article "Scenario format").
    public static let json: String = """
        {
          "name": "sample: three zones, zone a overloaded",
          "depth": "host",
          "resources": [
            { "name": "cpu", "unit": "cores" },
            { "name": "memory", "unit": "GiB" },
            { "name": "disk", "unit": "GiB", "transient": true },
            { "name": "net", "unit": "Gbit/s", "loadWeight": 2 }
          ],
          "hosts": [
            { "id": "a1-1", "labels": { "zone": "zone-a", "rack": "a1", "class": "compute" },
              "capacity": [32, 256, 2000, 25], "safetyCapacity": [28, 224, 1800, 20],
              "price": [0.03, 0.004, 0.0001, 0.01], "topology": { "synthetic": "pack:2 numa:2 l3:1 core:8 pu:2" } },
            { "id": "a1-2", "labels": { "zone": "zone-a", "rack": "a1", "class": "compute" },
              "capacity": [32, 256, 2000, 25], "safetyCapacity": [28, 224, 1800, 20],
              "price": [0.03, 0.004, 0.0001, 0.01], "topology": { "synthetic": "pack:2 numa:2 l3:1 core:8 pu:2" } },
            { "id": "a2-1", "labels": { "zone": "zone-a", "rack": "a2", "class": "general" },
              "capacity": [16, 128, 1000, 10], "safetyCapacity": [14, 112, 900, 8],
              "price": [0.032, 0.0045, 0.0001, 0.01], "topology": { "synthetic": "pack:1 l3:1 core:16 pu:2" } },
            { "id": "a2-2", "labels": { "zone": "zone-a", "rack": "a2", "class": "storage" }, "trust": 0.8,
              "capacity": [8, 64, 8000, 10], "safetyCapacity": [7, 56, 7200, 8],
              "price": [0.04, 0.005, 0.00004, 0.01], "topology": { "synthetic": "pack:1 l3:1 core:8 pu:2" } },
            { "id": "b1-1", "labels": { "zone": "zone-b", "rack": "b1", "class": "compute" },
              "capacity": [32, 256, 2000, 25], "safetyCapacity": [28, 224, 1800, 20],
              "price": [0.03, 0.004, 0.0001, 0.01], "topology": { "synthetic": "pack:2 numa:2 l3:1 core:8 pu:2" } },
            { "id": "b1-2", "labels": { "zone": "zone-b", "rack": "b1", "class": "general" },
              "capacity": [16, 128, 1000, 10], "safetyCapacity": [14, 112, 900, 8],
              "price": [0.032, 0.0045, 0.0001, 0.01], "topology": { "synthetic": "pack:1 l3:1 core:16 pu:2" } },
            { "id": "b2-1", "labels": { "zone": "zone-b", "rack": "b2", "class": "general" },
              "capacity": [16, 128, 1000, 10], "safetyCapacity": [14, 112, 900, 8],
              "price": [0.032, 0.0045, 0.0001, 0.01], "topology": { "synthetic": "pack:1 l3:1 core:16 pu:2" } },
            { "id": "b2-2", "labels": { "zone": "zone-b", "rack": "b2", "class": "storage" }, "trust": 0.8,
              "capacity": [8, 64, 8000, 10], "safetyCapacity": [7, 56, 7200, 8],
              "price": [0.04, 0.005, 0.00004, 0.01], "topology": { "synthetic": "pack:1 l3:1 core:8 pu:2" } },
            { "id": "c1-1", "labels": { "zone": "zone-c", "rack": "c1", "class": "compute" },
              "capacity": [32, 256, 2000, 25], "safetyCapacity": [28, 224, 1800, 20],
              "price": [0.03, 0.004, 0.0001, 0.01], "topology": { "synthetic": "pack:2 numa:2 l3:1 core:8 pu:2" } },
            { "id": "c1-2", "labels": { "zone": "zone-c", "rack": "c1", "class": "general" },
              "capacity": [16, 128, 1000, 10], "safetyCapacity": [14, 112, 900, 8],
              "price": [0.032, 0.0045, 0.0001, 0.01], "topology": { "synthetic": "pack:1 l3:1 core:16 pu:2" } },
            { "id": "c2-1", "labels": { "zone": "zone-c", "rack": "c2", "class": "general" },
              "capacity": [16, 128, 1000, 10], "safetyCapacity": [14, 112, 900, 8],
              "price": [0.032, 0.0045, 0.0001, 0.01], "topology": { "synthetic": "pack:1 l3:1 core:16 pu:2" } },
            { "id": "c2-2", "labels": { "zone": "zone-c", "rack": "c2", "class": "storage" }, "trust": 0.8,
              "capacity": [8, 64, 8000, 10], "safetyCapacity": [7, 56, 7200, 8],
              "price": [0.04, 0.005, 0.00004, 0.01], "topology": { "synthetic": "pack:1 l3:1 core:8 pu:2" } }
          ],
          "groups": [
            { "id": "orders-db", "antiAffinity": "zone" },
            { "id": "users-db", "antiAffinity": "host" },
            { "id": "cache", "antiAffinity": "host" },
            { "id": "api", "spread": { "key": "zone", "min": 3 }, "dependsOn": [{ "group": "cache", "key": "zone" }] },
            { "id": "search", "antiAffinity": "host" },
            { "id": "queue", "antiAffinity": "host" },
            { "id": "metrics", "antiAffinity": "host" },
            { "id": "analytics", "antiAffinity": "host" }
          ],
          "shards": [
            { "id": "orders-db-0", "group": "orders-db", "demand": [6, 48, 400, 2], "size": 400000000000,
              "moveCost": 20, "minTrust": 0.9 },
            { "id": "orders-db-1", "group": "orders-db", "demand": [6, 48, 400, 2], "size": 400000000000,
              "moveCost": 20, "minTrust": 0.9 },
            { "id": "orders-db-2", "group": "orders-db", "demand": [6, 48, 400, 2], "size": 400000000000,
              "moveCost": 20, "minTrust": 0.9 },
            { "id": "users-db-0", "group": "users-db", "demand": [4, 32, 200, 1], "size": 200000000000,
              "moveCost": 15 },
            { "id": "users-db-1", "group": "users-db", "demand": [4, 32, 200, 1], "size": 200000000000,
              "moveCost": 15 },
            { "id": "users-db-2", "group": "users-db", "demand": [4, 32, 200, 1], "size": 200000000000,
              "moveCost": 15 },
            { "id": "cache-0", "group": "cache", "demand": [2, 24, 10, 2], "size": 24000000000, "moveCost": 5 },
            { "id": "cache-1", "group": "cache", "demand": [2, 24, 10, 2], "size": 24000000000, "moveCost": 5 },
            { "id": "cache-2", "group": "cache", "demand": [2, 24, 10, 2], "size": 24000000000, "moveCost": 5 },
            { "id": "api-0", "group": "api", "demand": [3, 6, 5, 1.5], "size": 1000000000, "moveCost": 1 },
            { "id": "api-1", "group": "api", "demand": [3, 6, 5, 1.5], "size": 1000000000, "moveCost": 1 },
            { "id": "api-2", "group": "api", "demand": [3, 6, 5, 1.5], "size": 1000000000, "moveCost": 1 },
            { "id": "api-3", "group": "api", "demand": [3, 6, 5, 1.5], "size": 1000000000, "moveCost": 1 },
            { "id": "api-4", "group": "api", "demand": [3, 6, 5, 1.5], "size": 1000000000, "moveCost": 1 },
            { "id": "api-5", "group": "api", "demand": [3, 6, 5, 1.5], "size": 1000000000, "moveCost": 1 },
            { "id": "search-0", "group": "search", "demand": [6, 40, 300, 1], "size": 300000000000, "moveCost": 10,
              "antiAffinity": { "class": "storage" } },
            { "id": "search-1", "group": "search", "demand": [6, 40, 300, 1], "size": 300000000000, "moveCost": 10,
              "antiAffinity": { "class": "storage" } },
            { "id": "queue-0", "group": "queue", "demand": [3, 16, 500, 3], "size": 500000000000, "moveCost": 12 },
            { "id": "queue-1", "group": "queue", "demand": [3, 16, 500, 3], "size": 500000000000, "moveCost": 12 },
            { "id": "queue-2", "group": "queue", "demand": [3, 16, 500, 3], "size": 500000000000, "moveCost": 12 },
            { "id": "metrics-0", "group": "metrics", "demand": [2, 12, 250, 0.5], "size": 250000000000, "moveCost": 4 },
            { "id": "metrics-1", "group": "metrics", "demand": [2, 12, 250, 0.5], "size": 250000000000, "moveCost": 4 },
            { "id": "analytics-0", "group": "analytics", "demand": [8, 64, 600, 1], "size": 600000000000,
              "moveCost": 8, "affinity": { "class": ["compute"] } },
            { "id": "analytics-1", "group": "analytics", "demand": [8, 64, 600, 1], "size": 600000000000,
              "moveCost": 8, "affinity": { "class": ["compute"] } },
            { "id": "batch-0", "demand": [4, 16, 50, 0.5], "size": 10000000000, "moveCost": 1 },
            { "id": "batch-1", "demand": [4, 16, 50, 0.5], "size": 10000000000, "moveCost": 1 },
            { "id": "batch-2", "demand": [4, 16, 50, 0.5], "size": 10000000000, "moveCost": 1 },
            { "id": "ingest-0", "demand": [2, 8, 100, 2], "size": 100000000000, "moveCost": 3 },
            { "id": "ingest-1", "demand": [2, 8, 100, 2], "size": 100000000000, "moveCost": 3 },
            { "id": "backup-0", "demand": [1, 4, 800, 2], "size": 800000000000, "moveCost": 6, "pin": "c2-2" }
          ],
          "traffic": [
            { "from": "api-0", "to": "users-db-0", "volume": 40 },
            { "from": "api-4", "to": "users-db-0", "volume": 40 },
            { "from": "api-5", "to": "users-db-0", "volume": 40 },
            { "from": "api-0", "to": "cache-0", "volume": 30 },
            { "from": "api-4", "to": "cache-1", "volume": 30 },
            { "from": "api-5", "to": "cache-2", "volume": 30 },
            { "from": "ingest-0", "to": "queue-2", "volume": 60 },
            { "from": "ingest-1", "to": "queue-2", "volume": 60 },
            { "from": "queue-2", "to": "orders-db-1", "volume": 20 },
            { "from": "analytics-0", "to": "search-0", "volume": 25 },
            { "from": "analytics-1", "to": "backup-0", "volume": 35 },
            { "from": "batch-0", "to": "metrics-1", "volume": 10 }
          ],
          "placement": {
            "orders-db-0": "a1-1", "analytics-0": "a1-1", "search-0": "a1-1",
            "api-0": "a1-1", "api-1": "a1-1", "batch-0": "a1-1",
            "users-db-0": "a1-2", "analytics-1": "a1-2", "search-1": "a1-2", "cache-0": "a1-2",
            "api-2": "a1-2", "batch-1": "a1-2", "batch-2": "a1-2",
            "users-db-1": "a2-1", "queue-0": "a2-1", "ingest-0": "a2-1", "ingest-1": "a2-1", "api-3": "a2-1",
            "queue-1": "a2-2", "metrics-0": "a2-2",
            "orders-db-1": "b1-1", "cache-1": "b1-1", "api-4": "b1-1", "users-db-2": "b1-1",
            "queue-2": "b1-2", "metrics-1": "b1-2",
            "orders-db-2": "c1-1", "cache-2": "c1-1", "api-5": "c1-1",
            "backup-0": "c2-2"
          },
          "policy": {
            "weights": { "load": 10, "imbalance": 20, "traffic": 0.1, "migration": 1, "price": 1 },
            "domainLevels": ["zone", "rack"],
            "balance": [{ "resource": "cpu", "over": "memory", "target": 4, "weight": 0.5 }],
            "migration": { "maxMovesTotal": 12, "maxMovesPerHost": 4, "maxConcurrentPerHost": 2,
                           "maxBytesPerWave": 2000000000000 }
          }
        }
        """

    /// The parsed ``json``.
    ///
    /// The document is fixed and a test parses it, so parsing cannot fail here.
    public static var scenario: Scenario {
        try! ScenarioLoader.parse(json, format: .json, file: "sample-scenario.json")
    }
}
