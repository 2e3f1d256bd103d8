import Foundation
import ShardPlace
import Testing

@Suite struct SimulationTraceTests {
    @Test("files on one grid: a late series is 0 before its first sample; resources must share series ids")
    func grid() throws {
        let cpu = [
            TimeSeries(id: "a", timestamps: [0, 300, 600, 900], values: [1, 2, 3, 4]),
            TimeSeries(id: "b", timestamps: [600, 900], values: [7, 8]),
        ]
        let mem = [
            TimeSeries(id: "a", timestamps: [0, 300, 600, 900], values: [10, 10, 10, 10]),
            TimeSeries(id: "b", timestamps: [0, 300, 600, 900], values: [5, 5, 5, 5]),
        ]
        let trace = try SimulationTrace(resources: [("cpu", "cpu.csv", cpu), ("mem", "mem.csv", mem)])
        #expect(trace.steps == 4 && trace.stepSeconds == 300 && trace.shardNames == ["a", "b"])
        #expect(trace.series(1, 0, 0..<4) == [0, 0, 7, 8])
        #expect(trace.series(0, 1, 0..<4) == [10, 10, 10, 10])
        #expect(throws: ForecastInputError.self) {
            _ = try SimulationTrace(resources: [("cpu", "cpu.csv", cpu), ("mem", "mem.csv", Array(mem.prefix(1)))])
        }
        let stray = mem + [TimeSeries(id: "c", timestamps: [0], values: [1], line: 9)]
        do {
            _ = try SimulationTrace(resources: [("cpu", "cpu.csv", cpu), ("mem", "mem.csv", stray)])
            Issue.record("a series missing from the CPU file must be an error")
        } catch {
            #expect(error.file == "mem.csv" && error.line == 9)
        }
    }

    @Test("PlanetLab mode: VM types by quarters of the sorted ids, demand = cpu% / 100 × MIPS, bytes by type")
    func planetLab() {
        // Eight VMs named in reverse order: sorted, v0…v7 get types 0,0,1,1,2,2,3,3 (⌈8/4⌉ = 2 per type).
        let names = (0..<8).map { "v\(7 - $0)" }
        let trace = SimulationTrace(
            shardNames: names, resourceNames: ["cpu"], stepSeconds: 300,
            demand: [(0..<8).map { _ in [50, 100] }]
        ).planetLab()
        let mips: [Double] = [2500, 2000, 1000, 500]
        let memory: [Double] = [870, 1740, 1740, 613]
        for (i, name) in names.enumerated() {
            let type = Int(name.dropFirst())! / 2
            #expect(trace.series(i, 0, 0..<2) == [mips[type] / 2, mips[type]])
            #expect(trace.shardBytes?[i] == memory[type] * 1_048_576)
        }
    }
}
