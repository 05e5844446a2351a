using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Data;

public class FarmDbContext(DbContextOptions<FarmDbContext> options) : DbContext(options)
{
    public DbSet<Build> Builds => Set<Build>();
    public DbSet<BuildStep> BuildSteps => Set<BuildStep>();
    public DbSet<BuildAttempt> BuildAttempts => Set<BuildAttempt>();
    public DbSet<BuildLogChunk> BuildLogChunks => Set<BuildLogChunk>();
    public DbSet<BuildEvent> BuildEvents => Set<BuildEvent>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<AgentCacheKey> AgentCacheKeys => Set<AgentCacheKey>();
    public DbSet<ImageDigest> ImageDigests => Set<ImageDigest>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FarmDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Unix milliseconds: sortable and comparable in SQL on every provider (SQLite cannot order DateTimeOffset text).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }
}
