using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Data;

/// <summary>
/// The farm's database. Hosts use this type; each provider has a subclass of its own so that each keeps its own
/// generated migrations (SQLite and PostgreSQL disagree on column types and on how a table is altered). People and
/// their roles live here too (Identity's tables), so one database and one migration history hold the whole farm.
/// </summary>
public abstract class FarmDbContext(DbContextOptions options) : IdentityDbContext<FarmUser>(options)
{
    public DbSet<Build> Builds => Set<Build>();
    public DbSet<BuildStep> BuildSteps => Set<BuildStep>();
    public DbSet<BuildAttempt> BuildAttempts => Set<BuildAttempt>();
    public DbSet<BuildLogChunk> BuildLogChunks => Set<BuildLogChunk>();
    public DbSet<BuildEvent> BuildEvents => Set<BuildEvent>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<AgentCacheKey> AgentCacheKeys => Set<AgentCacheKey>();
    public DbSet<ImageDigest> ImageDigests => Set<ImageDigest>();
    public DbSet<BuildBase> BuildBases => Set<BuildBase>();
    public DbSet<BaseCheck> BaseChecks => Set<BaseCheck>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<AgentCacheDrop> AgentCacheDrops => Set<AgentCacheDrop>();
    public DbSet<JoinToken> JoinTokens => Set<JoinToken>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<RegistryCredential> RegistryCredentials => Set<RegistryCredential>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        IdentityTables.Name(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FarmDbContext).Assembly);
        FarmSql.Register(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Unix milliseconds on both providers: sortable and comparable in SQL (SQLite cannot order DateTimeOffset
        // text), and one representation means the same LINQ gives the same answers on SQLite and PostgreSQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }
}

/// <summary>The farm's database on SQLite, the zero-setup default.</summary>
public sealed class SqliteFarmDbContext(DbContextOptions<SqliteFarmDbContext> options) : FarmDbContext(options);

/// <summary>The farm's database on PostgreSQL, for sites with several hosts or many builds.</summary>
public sealed class PostgresFarmDbContext(DbContextOptions<PostgresFarmDbContext> options) : FarmDbContext(options);
