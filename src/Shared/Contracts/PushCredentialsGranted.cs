namespace BuildFarm.Contracts;

/// <summary>Web's answer to <see cref="GetPushCredentials"/> when the build may push: the logins for the build's
/// registries that have one stored (a JSON array of <c>RegistryLogin</c>), sealed to the agent's key and bound to the
/// build and attempt. A registry with none stored is absent, and its tags are pushed anonymously.</summary>
public record PushCredentialsGranted(Guid BuildId, int Attempt, SealedSecret Logins);
