using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildFarm.Data;

/// <summary>What the farm signs in to a registry with when a build pushes its tags there. The secret is stored only as
/// ASP.NET Core Data Protection ciphertext, whose keys live in the data folder, not in the database.</summary>
public class RegistryCredential
{
    public Guid Id { get; set; }
    /// <summary>The registry's host, with its port when it has one ("ghcr.io", "registry.local:5000").</summary>
    public string Registry { get; set; } = "";
    public string Username { get; set; } = "";
    public string ProtectedSecret { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Who saved it last, as the email shown on the page.</summary>
    public string? UpdatedBy { get; set; }
}

class RegistryCredentialConfiguration : IEntityTypeConfiguration<RegistryCredential>
{
    public void Configure(EntityTypeBuilder<RegistryCredential> b)
    {
        b.ToTable("registry_credentials");
        b.HasKey(x => x.Id);
        b.Property(x => x.Registry).HasMaxLength(255);
        b.Property(x => x.Username).HasMaxLength(255);
        b.HasIndex(x => x.Registry).IsUnique();
    }
}
