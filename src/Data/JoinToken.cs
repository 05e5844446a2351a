using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildFarm.Data;

/// <summary>A token an admin hands to the hosts that may join as agents. Only its hash is kept: the token itself is
/// shown once, when it is made.</summary>
public class JoinToken
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>SHA-256 of the token, lower-case hex (<see cref="JoinSecret.Hash"/>).</summary>
    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    /// <summary>Set once revoked: agents presenting it from then on stay pending.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// Making and checking join tokens. A token is 32 random bytes, so one unsalted SHA-256 is enough to keep it from being
/// read back out of the database: there is no dictionary to try against it, as there would be for a password.
/// </summary>
public static class JoinSecret
{
    const int TokenBytes = 32;
    /// <summary>Marks a string as a farm join token, so one pasted into the wrong place can be recognised.</summary>
    const string Prefix = "bfj_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares a presented token with a stored hash in time that does not depend on where they differ.</summary>
    public static bool Matches(string token, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(hash));
}

class JoinTokenConfiguration : IEntityTypeConfiguration<JoinToken>
{
    public void Configure(EntityTypeBuilder<JoinToken> b)
    {
        b.ToTable("join_tokens");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => x.Hash).IsUnique();
    }
}
