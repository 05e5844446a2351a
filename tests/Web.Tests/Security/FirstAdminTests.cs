using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using BuildFarm.Testing;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BuildFarm.Web.Tests.Security;

/// <summary>A farm's first start, each on a database and data folder of its own: the first admin and their token.</summary>
[UnsupportedOSPlatform("windows")]
public class FirstAdminTests
{
    sealed class FreshFarm(Dictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        public string DataDir { get; } = Directory.CreateTempSubdirectory("farm-first-admin-").FullName;
        public TestDatabase Database { get; private set; } = null!;

        public async Task<FreshFarm> WithDatabaseAsync()
        {
            Database = await TestDatabase.CreateAsync();
            return this;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Farm:DataDir", DataDir);
            foreach (var (key, value) in Database.Settings)
                builder.UseSetting(key, value);
            builder.UseSetting("Farm:Embedded", "false");
            builder.UseSetting("Bus:Transport", "inmemory");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await Database.DisposeAsync();
            Directory.Delete(DataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Should_generate_a_password_kept_for_the_owner_only_that_signs_the_admin_in()
    {
        await using var farm = await new FreshFarm([]).WithDatabaseAsync();
        _ = farm.Server;

        var path = Path.Combine(farm.DataDir, FirstAdmin.PasswordFile);
        var password = File.ReadAllText(path).Trim();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(password.Length >= 20, "a generated password of 18 random bytes");
        using var browser = await farm.SignInAsync(FirstAdmin.DefaultEmail, password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/people")).StatusCode);
        var me = await farm.WithToken(File.ReadAllText(Path.Combine(farm.DataDir, AdminToken.FileName)).Trim()).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Should_take_the_admin_from_the_environment_and_write_no_password_file()
    {
        await using var farm = await new FreshFarm(new()
        {
            ["FARM_ADMIN_EMAIL"] = "ops@example.com", ["FARM_ADMIN_PASSWORD"] = "a long enough passphrase",
        }).WithDatabaseAsync();
        _ = farm.Server;

        Assert.False(File.Exists(Path.Combine(farm.DataDir, FirstAdmin.PasswordFile)));
        using var browser = await farm.SignInAsync("ops@example.com", "a long enough passphrase");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/people")).StatusCode);
    }

    [Fact]
    public async Task Should_refuse_to_start_with_a_too_short_admin_password_saying_which_setting()
    {
        await using var farm = await new FreshFarm(new() { ["FARM_ADMIN_PASSWORD"] = "short" }).WithDatabaseAsync();

        var refused = Assert.ThrowsAny<Exception>(() => farm.Server);

        var message = refused.InnerException?.Message ?? refused.Message;
        Assert.Contains("FARM_ADMIN_PASSWORD", message);
        Assert.Contains("at least 12 characters", message);
    }

    [Fact]
    public async Task Should_keep_the_token_a_farm_from_before_sign_in_already_handed_to_its_scripts()
    {
        await using var farm = await new FreshFarm([]).WithDatabaseAsync();
        const string older = "a-token-written-by-the-token-only-farm-0123456789";
        File.WriteAllText(Path.Combine(farm.DataDir, AdminToken.FileName), older + "\n");
        _ = farm.Server;

        var me = await farm.WithToken(older).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(older, File.ReadAllText(Path.Combine(farm.DataDir, AdminToken.FileName)).Trim());
    }

    [Fact]
    public async Task Should_never_demote_or_disable_the_farms_last_active_admin()
    {
        await using var farm = await new FreshFarm([]).WithDatabaseAsync();
        _ = farm.Server;
        using var admin = farm.WithToken(File.ReadAllText(Path.Combine(farm.DataDir, AdminToken.FileName)).Trim());
        var people = await admin.GetFromJsonAsync<JsonElement>("/api/users");
        var only = Assert.Single(people.EnumerateArray()).GetProperty("id").GetString();

        var demote = await admin.PatchAsJsonAsync($"/api/users/{only}", new { role = "Member" });
        var disable = await admin.PatchAsJsonAsync($"/api/users/{only}", new { disabled = true });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (demote.StatusCode, disable.StatusCode));
        Assert.Contains("only active admin", await demote.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
    }
}
