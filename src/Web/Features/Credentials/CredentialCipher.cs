using Microsoft.AspNetCore.DataProtection;

namespace BuildFarm.Web.Features.Credentials;

/// <summary>Turns a registry password into the ciphertext the database keeps, and back, with ASP.NET Core Data
/// Protection: the keys live in the farm's data folder, never in the database, so a copy of the database alone (a
/// backup, a PostgreSQL dump) holds no password.</summary>
public sealed class CredentialCipher(IDataProtectionProvider provider)
{
    // Its own purpose: ciphertext made for sign-in cookies or anything else the farm protects cannot be opened as a
    // registry password, nor the other way round. Versioned, so a later format can sit beside this one.
    public const string Purpose = "BuildFarm.RegistryCredentials.Password.v1";

    readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string password) => _protector.Protect(password);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key that sealed it is gone (a data
    /// folder restored without its keys/ folder) or the text was altered.</exception>
    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
