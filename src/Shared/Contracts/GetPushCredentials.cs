namespace BuildFarm.Contracts;

/// <summary>Asked by an agent of Web, which alone holds the keys that open stored registry credentials, as a build
/// that pushes begins. Web answers <see cref="PushCredentialsGranted"/> only while the build's current attempt is
/// <paramref name="Attempt"/>, not over, on <paramref name="AgentId"/>, and that agent is admitted; otherwise
/// <see cref="PushCredentialsRefused"/>.</summary>
/// <param name="BuildId">The build about to run.</param>
/// <param name="Attempt">The attempt the agent was given.</param>
/// <param name="AgentId">The asking agent.</param>
/// <param name="Registries">The registries of the build's tags, as the agent reads them; Web answers for those of the
/// build's stored tags only, whatever the agent lists.</param>
/// <param name="AgentKey">A SubjectPublicKeyInfo of a P-256 key the agent made for this question: the answer is sealed
/// to it, so the secrets travel as ciphertext only that agent can open.</param>
public record GetPushCredentials(Guid BuildId, int Attempt, string AgentId, IReadOnlyList<string> Registries, byte[] AgentKey);
