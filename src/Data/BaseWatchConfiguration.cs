using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildFarm.Data;

class BuildBaseConfiguration : IEntityTypeConfiguration<BuildBase>
{
    public void Configure(EntityTypeBuilder<BuildBase> b)
    {
        b.ToTable("build_bases");
        b.HasKey(x => new { x.BuildId, x.Reference });
        // The bases page counts the builds each digest of a tag served.
        b.HasIndex(x => new { x.Reference, x.Digest });
        b.HasOne<Build>().WithMany().HasForeignKey(x => x.BuildId).OnDelete(DeleteBehavior.Cascade);
    }
}

class BaseCheckConfiguration : IEntityTypeConfiguration<BaseCheck>
{
    public void Configure(EntityTypeBuilder<BaseCheck> b)
    {
        b.ToTable("base_checks");
        b.HasKey(x => x.Reference);
    }
}

class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.ToTable("alerts");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Key).HasMaxLength(400);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.HasIndex(x => x.RaisedAt);
        // The bell counts unread alerts on every page.
        b.HasIndex(x => x.ReadAt);
        b.HasIndex(x => x.DeliveredAt);
    }
}
