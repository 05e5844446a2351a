using System.Text;
using System.Text.Json;

namespace BuildFarm.Shared.Secrets;

/// <summary>What an agent signs in to a registry with. Only ever inside a <see cref="SecretBox"/> on its way, and in the
/// agent's memory while the build runs: never a message, an event, a row or a log line of its own.</summary>
public sealed record RegistryLogin(string Registry, string Username, string Password)
{
    /// <summary>Keeps the password out of anything that prints the record by accident.</summary>
    public override string ToString() => $"RegistryLogin {{ Registry = {Registry}, Username = {Username}, Password = *** }}";

    /// <summary>The logins as the sealed payload carries them.</summary>
    public static byte[] Pack(IReadOnlyList<RegistryLogin> logins) => JsonSerializer.SerializeToUtf8Bytes(logins, JsonSerializerOptions.Web);

    /// <summary>The logins of a sealed payload, once opened.</summary>
    public static IReadOnlyList<RegistryLogin> Unpack(byte[] payload) =>
        JsonSerializer.Deserialize<List<RegistryLogin>>(payload, JsonSerializerOptions.Web) ?? [];

    /// <summary>What a sealed answer about one attempt is bound to: opened for any other, it fails.</summary>
    public static byte[] Binding(Guid buildId, int attempt) => Encoding.UTF8.GetBytes($"push-credentials:{buildId:N}:{attempt}");
}
