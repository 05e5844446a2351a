using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

#nullable disable

namespace BuildFarm.Data.Migrations;

// The model as the migrations leave it, kept by hand (see InitialCreate). Provider CLR types stand where a
// converter applies: DateTimeOffset is stored as long (Unix ms), JSON columns as string.
[DbContext(typeof(FarmDbContext))]
partial class FarmDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("ProductVersion", "10.0.14");

        modelBuilder.Entity("BuildFarm.Data.Agent", b =>
        {
            b.Property<string>("Id").HasColumnType("TEXT");
            b.Property<string>("AgentVersion").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Arch").IsRequired().HasColumnType("TEXT");
            b.Property<long?>("CacheBudgetBytes").HasColumnType("INTEGER");
            b.Property<long>("CacheBytes").HasColumnType("INTEGER");
            b.Property<int>("CacheKeyCount").HasColumnType("INTEGER");
            b.Property<long>("CacheKeysDropped").HasColumnType("INTEGER");
            b.Property<int>("Capacity").HasColumnType("INTEGER");
            b.Property<string>("CudaVersion").HasColumnType("TEXT");
            b.Property<string>("DockerError").HasColumnType("TEXT");
            b.Property<string>("DockerVersion").HasColumnType("TEXT");
            b.Property<string>("DriverVersion").HasColumnType("TEXT");
            b.Property<string>("GpuError").HasColumnType("TEXT");
            b.Property<string>("Gpus").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Labels").IsRequired().HasColumnType("TEXT");
            b.Property<long>("LastHeartbeatAt").HasColumnType("INTEGER");
            b.Property<string>("Name").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Os").IsRequired().HasColumnType("TEXT");
            b.Property<long>("RegisteredAt").HasColumnType("INTEGER");
            b.Property<string>("RunningBuilds").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Status").IsRequired().HasMaxLength(16).HasColumnType("TEXT");
            b.Property<string>("StorageDriver").HasColumnType("TEXT");
            b.HasKey("Id");
            b.ToTable("agents");
        });

        modelBuilder.Entity("BuildFarm.Data.AgentCacheKey", b =>
        {
            b.Property<string>("AgentId").HasColumnType("TEXT");
            b.Property<string>("Key").HasColumnType("TEXT");
            b.HasKey("AgentId", "Key");
            b.HasIndex("Key");
            b.ToTable("agent_cache_keys");
        });

        modelBuilder.Entity("BuildFarm.Data.Build", b =>
        {
            b.Property<Guid>("Id").ValueGeneratedOnAdd().HasColumnType("TEXT");
            b.Property<string>("CandidatesJson").HasColumnType("TEXT");
            b.Property<string>("CheckJson").HasColumnType("TEXT");
            b.Property<string>("CheckResultJson").HasColumnType("TEXT");
            b.Property<string>("Commit").HasColumnType("TEXT");
            b.Property<string>("PlanJson").HasColumnType("TEXT");
            b.Property<int?>("PredictedCachedSteps").HasColumnType("INTEGER");
            b.Property<string>("PredictedKeysJson").HasColumnType("TEXT");
            b.Property<double?>("PredictedSeconds").HasColumnType("REAL");
            b.Property<int?>("PredictionFalseHits").HasColumnType("INTEGER");
            b.Property<int?>("PredictionHits").HasColumnType("INTEGER");
            b.Property<int?>("PredictionMisses").HasColumnType("INTEGER");
            b.Property<string>("AgentId").HasColumnType("TEXT");
            b.Property<long?>("AssignedAt").HasColumnType("INTEGER");
            b.Property<int>("Attempt").HasColumnType("INTEGER");
            b.Property<string>("BuildArgs").IsRequired().HasColumnType("TEXT");
            b.Property<bool>("CancelRequested").HasColumnType("INTEGER");
            b.Property<string>("ContextPath").IsRequired().HasColumnType("TEXT");
            b.Property<string>("DispatchError").HasColumnType("TEXT");
            b.Property<bool>("Dispatched").HasColumnType("INTEGER");
            b.Property<string>("DockerfilePath").IsRequired().HasColumnType("TEXT");
            b.Property<long?>("DurationMs").HasColumnType("INTEGER");
            b.Property<string>("Error").HasColumnType("TEXT");
            b.Property<int?>("FailedStep").HasColumnType("INTEGER");
            b.Property<long?>("FinishedAt").HasColumnType("INTEGER");
            b.Property<string>("ImageId").HasColumnType("TEXT");
            b.Property<long?>("ImageSizeBytes").HasColumnType("INTEGER");
            b.Property<bool>("NoCache").HasColumnType("INTEGER");
            b.Property<string>("PlacementReason").HasColumnType("TEXT");
            b.Property<bool>("Pull").HasColumnType("INTEGER");
            b.Property<long>("QueuedAt").HasColumnType("INTEGER");
            b.Property<string>("Ref").IsRequired().HasColumnType("TEXT");
            b.Property<string>("RequiredLabels").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Repository").IsRequired().HasColumnType("TEXT");
            b.Property<long?>("StartedAt").HasColumnType("INTEGER");
            b.Property<string>("Status").IsConcurrencyToken().IsRequired().HasMaxLength(16).HasColumnType("TEXT");
            b.Property<int>("StepsCached").HasColumnType("INTEGER");
            b.Property<int>("StepsTotal").HasColumnType("INTEGER");
            b.Property<string>("Tags").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Target").HasColumnType("TEXT");
            b.Property<string>("WaitingReason").HasColumnType("TEXT");
            b.HasKey("Id");
            b.HasIndex("AgentId");
            b.HasIndex("QueuedAt");
            b.HasIndex("Status");
            b.ToTable("builds");
        });

        modelBuilder.Entity("BuildFarm.Data.BuildEvent", b =>
        {
            b.Property<long>("Id").ValueGeneratedOnAdd().HasColumnType("INTEGER");
            b.Property<long>("At").HasColumnType("INTEGER");
            b.Property<Guid>("BuildId").HasColumnType("TEXT");
            b.Property<string>("Message").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Status").IsRequired().HasColumnType("TEXT");
            b.HasKey("Id");
            b.HasIndex("BuildId");
            b.ToTable("build_events");
        });

        modelBuilder.Entity("BuildFarm.Data.BuildStep", b =>
        {
            b.Property<Guid>("BuildId").HasColumnType("TEXT");
            b.Property<int>("Index").HasColumnType("INTEGER");
            b.Property<int>("Attempt").HasColumnType("INTEGER");
            b.Property<bool>("Cached").HasColumnType("INTEGER");
            b.Property<long?>("CompletedAt").HasColumnType("INTEGER");
            b.Property<long?>("DurationMs").HasColumnType("INTEGER");
            b.Property<string>("Error").HasColumnType("TEXT");
            b.Property<string>("Instruction").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Key").HasColumnType("TEXT");
            b.Property<string>("LogTail").IsRequired().HasColumnType("TEXT");
            b.Property<string>("Stage").HasColumnType("TEXT");
            b.Property<long>("StartedAt").HasColumnType("INTEGER");
            b.Property<string>("Status").IsRequired().HasMaxLength(16).HasColumnType("TEXT");
            b.HasKey("BuildId", "Index");
            b.ToTable("build_steps");
        });

        modelBuilder.Entity("BuildFarm.Data.ImageDigest", b =>
        {
            b.Property<string>("Reference").HasColumnType("TEXT");
            b.Property<string>("Digest").HasColumnType("TEXT");
            b.Property<long>("FirstSeenAt").HasColumnType("INTEGER");
            b.Property<long>("LastSeenAt").HasColumnType("INTEGER");
            b.HasKey("Reference", "Digest");
            b.ToTable("image_digests");
        });

        modelBuilder.Entity("BuildFarm.Data.BuildEvent", b =>
        {
            b.HasOne("BuildFarm.Data.Build", null)
                .WithMany("Events")
                .HasForeignKey("BuildId")
                .OnDelete(DeleteBehavior.Cascade)
                .IsRequired();
        });

        modelBuilder.Entity("BuildFarm.Data.BuildStep", b =>
        {
            b.HasOne("BuildFarm.Data.Build", null)
                .WithMany("Steps")
                .HasForeignKey("BuildId")
                .OnDelete(DeleteBehavior.Cascade)
                .IsRequired();
        });

        modelBuilder.Entity("BuildFarm.Data.Build", b =>
        {
            b.Navigation("Events");
            b.Navigation("Steps");
        });
    }
}
