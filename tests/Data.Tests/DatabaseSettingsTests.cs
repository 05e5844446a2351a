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
    }

    [Fact]
    public void Should_keep_what_the_site_set_itself()
    {
        var settings = new NpgsqlConnectionStringBuilder(
            Postgres("Host=db;Database=buildfarm;Username=farm;No Reset On Close=false;Options=-c work_mem=64MB;Max Auto Prepare=0").ConnectionString);

        Assert.False(settings.NoResetOnClose);
        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal("-c work_mem=64MB", settings.Options);
    }

    [Fact]
    public void Should_send_no_session_options_when_the_site_sets_them_empty_for_pgbouncer()
    {
        var settings = new NpgsqlConnectionStringBuilder(Postgres("Host=db;Database=buildfarm;Username=farm", sessionOptions: "").ConnectionString);

        Assert.True(string.IsNullOrEmpty(settings.Options));
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
