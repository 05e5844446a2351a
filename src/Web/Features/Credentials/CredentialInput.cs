using BuildFarm.Shared.References;

namespace BuildFarm.Web.Features.Credentials;

/// <summary>A credential as an admin sends or types it: the registry's host, the user name, the password.</summary>
public sealed record CredentialInput(string? Registry, string? Username, string? Password)
{
    /// <summary>Registry passwords are tokens, and some (a cloud's service-account JSON) run to a few KiB.</summary>
    public const int MaxPasswordLength = 16 * 1024;

    /// <summary>Every problem, by field, each a sentence; empty when the input can be stored.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (RegistryHost.Problem(Registry?.Trim()) is { } registry)
            problems["registry"] = [registry];
        if (string.IsNullOrWhiteSpace(Username))
            problems["username"] = ["Username is required: the registry signs the farm in with it."];
        else if (Username.Length > 255 || Username.Any(char.IsControl))
            problems["username"] = ["Username must be at most 255 characters, none of them control characters."];
        if (string.IsNullOrEmpty(Password))
            problems["password"] = ["Password is required: use the registry's password or an access token."];
        else if (Password.Length > MaxPasswordLength)
            problems["password"] = [$"Password is {Password.Length} characters long; the farm keeps at most {MaxPasswordLength}."];
        else if (Password.Any(char.IsControl))
            problems["password"] = ["Password holds a control character (a line break, say): paste it again without one."];
        return problems;
    }
}
