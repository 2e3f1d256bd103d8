import Testing

@testable import ShardPlace

/// Reading and checking the provider catalog, offers, and the groups' trust, residency and spot rules.
@Suite struct CatalogValidationTests {
    static let providers = """
        [{"id": "p", "trust": 0.8, "regions": ["eu", "us"], "egressPerGB": 0.09,
          "prices": {"onDemand": [0.04, 0.005, 0.0001], "reserved": {"price": [0.02, 0.003, 0.0001]},
                     "spot": {"price": [0.01, 0.002, 0.0001], "reclaimProbability": 0.1}},
          "latency": [{"from": "eu", "to": "p/us", "milliseconds": 80}]},
         {"id": "q", "prices": {"onDemand": [0.05, 0.006, 0.0002]}}]
        """
    static let offers = """
        [{"id": "p-eu-spot", "provider": "p", "region": "eu", "type": "spot", "count": 2,
          "shape": {"capacity": [8, 32, 100], "labels": {"zone": "pz"}}},
         {"id": "q-od", "provider": "q", "type": "onDemand", "count": 1, "shape": {"capacity": [8, 32, 100]}}]
        """
    static let base = ScenarioDocument().with {
        $0.members["providers"] = providers
        $0.members["offers"] = offers
    }

    @Test("a catalog with offers parses, and the offers become hosts when compiled")
    func parses() throws {
        let scenario = try ScenarioLoader.parse(Self.base.json, format: .json)
        #expect(scenario.providers.map(\.id) == ["p", "q"])
        #expect(scenario.providers[0].prices.spot?.reclaimProbability == 0.1)
        #expect(scenario.providers[0].prices.reserved?.termHours == 8760)
        #expect(scenario.offers[0].type == .spot && scenario.offers[0].count == 2)
        let problem = try Problem(scenario)
        #expect(problem.hostIDs == ["h1", "h2", "p-eu-spot-1", "p-eu-spot-2", "q-od-1"])
        #expect(problem.offer(ofHost: 3) == "p-eu-spot" && problem.provider(ofHost: 4) == "q")
        #expect(problem.hostOfferType[2] == .spot && problem.hostOfferType[0] == nil)
        let expanded = scenario.expandingOffers()
        #expect(expanded.hosts[2].trust == 0.8 && expanded.hosts[4].trust == nil)
        #expect(
            expanded.hosts[2].labels == [
                "zone": "pz", "provider": "p", "region": "eu", "offerType": "spot", "offer": "p-eu-spot",
            ])
        // Spot: 0.9 × (0.01·8 + 0.002·32 + 0.0001·100) + 0.1 × (0.04·8 + 0.005·32 + 0.0001·100).
        let spot = 0.9 * (0.08 + 0.064 + 0.01) + 0.1 * (0.32 + 0.16 + 0.01)
        #expect(abs(scenario.effectivePrice(of: scenario.offers[0])! - spot) < 1e-12)
    }

    @Test("a scenario with offers needs no hosts")
    func offersWithoutHosts() throws {
        let document = Self.base.with {
            $0.removed = ["hosts", "placement"]
            $0.shards = [#"{"id": "s1", "demand": [1, 4, 10]}"#]
            $0.groups = []
            $0.traffic = []
        }
        let scenario = try ScenarioLoader.parse(document.json, format: .json)
        #expect(scenario.hosts.isEmpty && scenario.expandingOffers().hosts.count == 3)
    }

    static let invalid: [InvalidScenario] = [
        .init(
            "an offer of an unknown provider",
            base.with {
                $0.members["offers"] =
                    #"[{"id": "o", "provider": "x", "type": "onDemand", "count": 1, "shape": {"capacity": [1, 1, 1]}}]"#
            },
            at: "offers[0].provider", saying: ["no provider has id \"x\""]),
        .init(
            "an offer in a region its provider lacks",
            base.with {
                $0.members["offers"] =
                    #"[{"id": "o", "provider": "p", "region": "asia", "type": "onDemand", "count": 1, "shape": {"capacity": [1, 1, 1]}}]"#
            },
            at: "offers[0].region", saying: ["\"asia\" is not a region of provider \"p\""]),
        .init(
            "an offer without a region when its provider has regions",
            base.with {
                $0.members["offers"] =
                    #"[{"id": "o", "provider": "p", "type": "onDemand", "count": 1, "shape": {"capacity": [1, 1, 1]}}]"#
            },
            at: "offers[0].region", saying: ["missing", "eu, us"]),
        .init(
            "an offer type its provider does not price, without a price",
            base.with {
                $0.members["offers"] =
                    #"[{"id": "o", "provider": "q", "type": "spot", "count": 1, "shape": {"capacity": [1, 1, 1]}}]"#
            },
            at: "offers[0].price", saying: ["lists no spot prices"]),
        .init(
            "an unknown offer type",
            base.with {
                $0.members["offers"] =
                    #"[{"id": "o", "provider": "q", "type": "preemptible", "count": 1, "shape": {"capacity": [1, 1, 1]}}]"#
            },
            at: "offers[0].type", saying: ["reserved, onDemand, spot", "preemptible"]),
        .init(
            "an offer shape of the wrong length",
            base.with {
                $0.members["offers"] =
                    #"[{"id": "o", "provider": "q", "type": "onDemand", "count": 1, "shape": {"capacity": [1, 1]}}]"#
            },
            at: "offers[0].shape.capacity", saying: ["expected 3 numbers"]),
        .init(
            "an offer of no hosts",
            base.with {
                $0.members["offers"] =
                    #"[{"id": "o", "provider": "q", "type": "onDemand", "count": 0, "shape": {"capacity": [1, 1, 1]}}]"#
            },
            at: "offers[0].count", saying: ["integer ≥ 1"]),
        .init(
            "an offer host named like a declared host",
            base.with {
                $0.hosts[1] = #"{"id": "q-od-1", "capacity": [8, 32, 100]}"#
                $0.placement = nil
            },
            at: "offers[1].id", saying: ["duplicate host id \"q-od-1\"", "an offer host"]),
        .init(
            "a duplicate provider",
            base.with {
                $0.members["providers"] = #"[{"id": "q"}, {"id": "q"}]"#
                $0.members["offers"] = "[]"
            },
            at: "providers[1].id", saying: ["duplicate provider id \"q\""]),
        .init(
            "a reclaim probability of 1",
            base.with {
                $0.members["providers"] =
                    #"[{"id": "q", "prices": {"spot": {"price": [1, 1, 1], "reclaimProbability": 1}}}]"#
                $0.members["offers"] = "[]"
            },
            at: "providers[0].prices.spot.reclaimProbability", saying: ["[0, 1)"]),
        .init(
            "a trust above 1",
            base.with {
                $0.members["providers"] = #"[{"id": "q", "trust": 1.5}]"#
                $0.members["offers"] = "[]"
            },
            at: "providers[0].trust", saying: ["between 0 and 1"]),
        .init(
            "latency to an unknown region",
            base.with {
                $0.members["providers"] = #"[{"id": "q", "latency": [{"to": "q/mars", "milliseconds": 3}]}]"#
                $0.members["offers"] = "[]"
            },
            at: "providers[0].latency[0].to", saying: ["\"mars\" is not a region of provider \"q\""]),
        .init(
            "residency with an unknown provider",
            base.with { $0.groups = [#"{"id": "g1", "residency": {"providers": ["nowhere"]}}"#] },
            at: "groups[0].residency.providers[0]", saying: ["no provider has id \"nowhere\""]),
        .init(
            "residency that names nothing",
            base.with { $0.groups = [#"{"id": "g1", "residency": {}}"#] },
            at: "groups[0].residency", saying: ["providers and/or regions"]),
        .init(
            "a group whose residency and trust leave no host",
            base.with {
                $0.groups = [
                    #"{"id": "g1", "antiAffinity": "host", "minTrust": 0.9, "residency": {"providers": ["p"]}}"#
                ]
            },
            at: "shards[0]", saying: ["minTrust and residency of its group"]),
        .init(
            "a spot limit of 0",
            base.with { $0.groups = [#"{"id": "g1", "maxSpotReplicas": 0}"#] },
            at: "groups[0].maxSpotReplicas", saying: ["integer ≥ 1"]),
        .init(
            "the reserved spot key",
            base.with { $0.groups = [#"{"id": "g1", "antiAffinity": "@spot"}"#] },
            at: "groups[0].antiAffinity", saying: ["reserved for the spot-replica rule"]),
        .init(
            "a host's unknown offer type label",
            base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"offerType": "cheap"}, "capacity": [8, 32, 100]}"# },
            at: "hosts[0].labels.offerType", saying: ["reserved, onDemand, spot", "cheap"]),
        .init(
            "a host with the reserved offer label",
            base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"offer": "x"}, "capacity": [8, 32, 100]}"# },
            at: "hosts[0].labels.offer", saying: ["reserved for hosts expanded from offers"]),
        .init(
            "a negative spot-replica policy",
            base.with { $0.members["policy"] = #"{"spotReplicas": 0}"# },
            at: "policy.spotReplicas", saying: ["integer ≥ 1"]),
    ]

    @Test("a catalog error is reported at its path", arguments: invalid)
    func invalidCatalog(_ example: InvalidScenario) throws {
        let issues = try #require(scenarioIssues(example.text), "\(example.name) parsed")
        expectIssue(issues, at: example.path, saying: example.fragments)
    }

    @Test("provider trust reaches the hosts that do not set their own; the ledger hook overrides both")
    func trust() throws {
        let scenario = try ScenarioLoader.parse(
            Self.base.with {
                $0.hosts[0] = #"{"id": "h1", "labels": {"provider": "p", "region": "eu"}, "capacity": [8, 32, 100]}"#
                $0.hosts[1] =
                    #"{"id": "h2", "labels": {"provider": "p", "region": "us"}, "trust": 0.3, "capacity": [8, 32, 100]}"#
            }.json, format: .json)
        let expanded = scenario.expandingOffers()
        #expect(expanded.hosts.map(\.trust) == [0.8, 0.3, 0.8, 0.8, nil])
        let ledger = scenario.withProviderTrust(["p": 0.6]).expandingOffers()
        #expect(ledger.hosts.map(\.trust) == [0.6, 0.6, 0.6, 0.6, nil])
    }
}
