using BuildFarm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace BuildFarm.Data.Tests;

public class DatabaseSettingsTests
{
    static DatabaseSettings Postgres(string connectionString, string? sessionOptions = null) => DatabaseSettings.From(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Farm"] = connectionString,
            ["Database:SessionOptions"] = sessionOptions,
        }).Build());

    [Fact]
    public void Should_give_postgres_sessions_no_reset_prepared_statements_and_a_random_page_cost_for_cached_data()
    {
        var settings = new NpgsqlConnectionStringBuilder(Postgres("Host=db;Database=buildfarm;Username=farm").ConnectionString);

        Assert.True(settings.NoResetOnClose);
        Assert.Equal("-c random_page_cost=1.1", settings.Options);
        Assert.Equal(32, settings.MaxAutoPrepare);
        Assert.Equal(DatabaseSettings.KeptConnections, settings.MinPoolSize);
    }

    [Fact]
    public void Should_keep_what_the_site_set_itself()
    {
        var settings = new NpgsqlConnectionStringBuilder(
            Postgres("Host=db;Database=buildfarm;Username=farm;No Reset On Close=false;Options=-c work_mem=64MB;Max Auto Prepare=0;Minimum Pool Size=0").ConnectionString);

        Assert.False(settings.NoResetOnClose);
        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal(0, settings.MinPoolSize);
        Assert.Equal("-c work_mem=64MB", settings.Options);
    }

    [Fact]
    public void Should_send_no_session_options_when_the_site_sets_them_empty_for_pgbouncer()
    {
        var settings = new NpgsqlConnectionStringBuilder(Postgres("Host=db;Database=buildfarm;Username=farm", sessionOptions: "").ConnectionString);

        Assert.True(string.IsNullOrEmpty(settings.Options));
    }

    [Fact]
    public void Should_keep_no_more_connections_open_than_the_site_allows_in_all()
    {
        var settings = new NpgsqlConnectionStringBuilder(Postgres("Host=db;Database=buildfarm;Username=farm;Maximum Pool Size=3").ConnectionString);

        Assert.Equal(3, settings.MinPoolSize);
    }

    [PostgresFact]
    public async Task Should_have_its_floor_of_connections_open_once_started_so_the_first_burst_opens_none()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var name = $"floor-{Guid.NewGuid():N}"[..20];
        var settings = new Dictionary<string, string?>(database.Settings);
        settings["ConnectionStrings:Farm"] += $";Application Name={name}";
        using var host = FarmHost.Build(settings);

        await host.StartAsync();

        await using var observer = new NpgsqlConnection(database.ConnectionString);
        await observer.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name", observer);
        count.Parameters.AddWithValue("name", name);
        Assert.Equal(DatabaseSettings.KeptConnections, Convert.ToInt32(await count.ExecuteScalarAsync()));
        await host.StopAsync();
    }

    [PostgresFact]
    public async Task Should_apply_the_planner_setting_to_every_session_of_the_farm()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        using var host = FarmHost.Build(database.Settings);

        var cost = await host.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT current_setting('random_page_cost') AS \"Value\"").SingleAsync());

        Assert.Equal("1.1", cost);
    }
}
