/// What triggers a migration in the replay (``Simulator``); everything else is shared by the policies.
public enum SimulationPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Never migrates: the floor.
    case `static`
    /// A host is hot when its demand now exceeds θ·C on some resource.
    case reactive
    /// A host is hot when the forecast q-quantile of its demand exceeds θ·C at some step of the horizon.
    case predictive
    /// As predictive, with the true future demand: the bound on what prediction can buy.
    case oracle
}
