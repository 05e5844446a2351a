using BuildFarm.Shared.Agents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildFarm.Data;

class BuildConfiguration : IEntityTypeConfiguration<Build>
{
    public void Configure(EntityTypeBuilder<Build> b)
    {
        b.ToTable("builds");
        b.HasKey(x => x.Id);
        // A late event must not move a build that another consumer has just finished: updates check the status they read.
        b.Property(x => x.Status).HasMaxLength(16).IsConcurrencyToken();
        // The status alone can come back to what a consumer read (assigned, requeued, assigned again elsewhere): the
        // attempt tells those apart, so a stale event cannot mark a later attempt as its own.
        b.Property(x => x.Attempt).IsConcurrencyToken();
        b.Property(x => x.BuildArgs).HasJsonConversion();
        b.Property(x => x.Tags).HasJsonConversion();
        // Rows from before the column read as "no labels required", not as JSON that cannot be parsed.
        b.Property(x => x.RequiredLabels).HasJsonConversion().HasDefaultValueSql("'{}'");
        b.HasIndex(x => x.Status);
        b.HasIndex(x => x.QueuedAt);
        // Every column the insights' aggregates read, so a month of builds is summed from the index alone: the rows
        // themselves carry kilobytes of plan and verdict JSON, and SQLite reads a row up to the last column asked
        // for (MissCause and Release were added last), overflow pages and all; without it the page took seconds.
        b.HasIndex(x => new
        {
            x.QueuedAt, x.Status, x.Release, x.NoCache, x.StepsCached, x.StepsTotal, x.DurationMs, x.StartedAt, x.SavedMs,
            x.AgentId, x.MissCause, x.Repository,
        }, "IX_builds_Insights");
        // The insights' repository filter and their per-repository step percentiles read one repository's builds of a range.
        b.HasIndex(x => new { x.Repository, x.QueuedAt });
        b.HasIndex(x => x.AgentId);
        // "Mine" on the builds list: one person's builds, newest first.
        b.HasIndex(x => new { x.QueuedById, x.QueuedAt });
        b.Property(x => x.QueuedBy).HasMaxLength(256);
        b.Property(x => x.MissCause).HasMaxLength(32);
        b.HasMany(x => x.Steps).WithOne().HasForeignKey(s => s.BuildId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Attempts).WithOne().HasForeignKey(a => a.BuildId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany<BuildLogChunk>().WithOne().HasForeignKey(c => c.BuildId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Events).WithOne().HasForeignKey(e => e.BuildId).OnDelete(DeleteBehavior.Cascade);
    }
}

class BuildStepConfiguration : IEntityTypeConfiguration<BuildStep>
{
    public void Configure(EntityTypeBuilder<BuildStep> b)
    {
        b.ToTable("build_steps");
        // Each attempt keeps its own rows: a requeue adds an attempt, it never rewrites the last one's steps.
        b.HasKey(x => new { x.BuildId, x.Attempt, x.Index });
        b.Property(x => x.Status).HasMaxLength(16);
        // One index serves both readers of a key's history: the build page predicting a pending step from earlier runs,
        // and a cached step's saved time (the last uncached run of its key, newest first).
        b.HasIndex(x => new { x.Key, x.CompletedAt });
    }
}

class BuildAttemptConfiguration : IEntityTypeConfiguration<BuildAttempt>
{
    public void Configure(EntityTypeBuilder<BuildAttempt> b)
    {
        b.ToTable("build_attempts");
        b.HasKey(x => new { x.BuildId, x.Number });
        b.Property(x => x.Outcome).HasMaxLength(16);
    }
}

class BuildLogChunkConfiguration : IEntityTypeConfiguration<BuildLogChunk>
{
    public void Configure(EntityTypeBuilder<BuildLogChunk> b)
    {
        b.ToTable("build_log_chunks");
        // The key is also the reading order of a build's log: attempt, step, batch.
        b.HasKey(x => new { x.BuildId, x.Attempt, x.StepIndex, x.Seq });
    }
}

class BuildEventConfiguration : IEntityTypeConfiguration<BuildEvent>
{
    public void Configure(EntityTypeBuilder<BuildEvent> b)
    {
        b.ToTable("build_events");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.BuildId);
    }
}

class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> b)
    {
        b.ToTable("agents");
        b.HasKey(x => x.Id);
        b.Property(x => x.Status).HasMaxLength(16);
        // Agents that joined before admission existed were trusted then and stay so.
        b.Property(x => x.Admission).HasMaxLength(16).HasDefaultValue(AgentAdmission.Approved);
        b.Property(x => x.Labels).HasJsonConversion();
        b.Property(x => x.RunningBuilds).HasJsonConversion();
        b.Property(x => x.Gpus).HasJsonConversion();
    }
}

class AgentCacheKeyConfiguration : IEntityTypeConfiguration<AgentCacheKey>
{
    public void Configure(EntityTypeBuilder<AgentCacheKey> b)
    {
        b.ToTable("agent_cache_keys");
        b.HasKey(x => new { x.AgentId, x.Key });
        // Placement asks which agents hold a build's keys: by key, across agents, on every pass. The agent rides in the
        // index so the answer comes from it alone; PostgreSQL's planner otherwise judged the table scan cheaper than
        // fetching each row behind the index, and took it (four times slower).
        b.HasIndex(x => new { x.Key, x.AgentId });
    }
}

class AgentCacheDropConfiguration : IEntityTypeConfiguration<AgentCacheDrop>
{
    public void Configure(EntityTypeBuilder<AgentCacheDrop> b)
    {
        b.ToTable("agent_cache_drops");
        b.HasKey(x => new { x.AgentId, x.Key });
        // A finished build asks who dropped its keys, across agents.
        b.HasIndex(x => x.Key);
    }
}

class ImageDigestConfiguration : IEntityTypeConfiguration<ImageDigest>
{
    public void Configure(EntityTypeBuilder<ImageDigest> b)
    {
        b.ToTable("image_digests");
        b.HasKey(x => new { x.Reference, x.Digest });
    }
}
