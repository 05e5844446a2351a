using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BuildFarm.Contracts;
using BuildFarm.EndToEnd.Farm;
using BuildFarm.Shared.Secrets;
using MassTransit;
using Microsoft.Data.Sqlite;

namespace BuildFarm.EndToEnd.Builds;

/// <summary>
/// Builds that push, against a registry of the test's own that demands a login. The build's Dockerfile prints the
/// password (and the base64 of user:password, as an auth header would carry it) from files in its repository, so the
/// masking is proven on a step's real output; then every place the farm keeps or shows text is searched for them.
/// </summary>
[Collection(FarmCollection.Name)]
public class PushBuildTests(FarmFixture farm)
{
    const string User = "pusher";
    const string Repository = "e2e/pushed";

    [EndToEndFact]
    public async Task Should_push_to_a_private_registry_and_keep_the_password_out_of_every_log_page_answer_and_row()
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        // Letters and digits only, so a page that HTML-encoded it would still show it as is, and a search would find it.
        var password = $"Pw{nonce}Zq7";
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{password}"));
        await using var registry = new PrivateRegistry(Path.Combine(farm.RunDir, $"registry-{nonce}"), User, password);
        await registry.StartAsync();
        var saved = await farm.Api.SendAsync(HttpMethod.Put, $"/api/registry-credentials/{registry.Host}", new { username = User, password });
        Assert.True(saved.Status == HttpStatusCode.Created, saved.Body);

        var source = farm.NewRepository($"push-{nonce}");
        source.Write("token.txt", password + "\n");
        source.Write("auth.txt", basic + "\n");
        source.Write("Dockerfile", $"FROM {farm.Services!.BaseImage}\nCOPY token.txt auth.txt /\n" +
                                   $"RUN echo \"token: $(cat /token.txt)\" && echo \"auth: $(cat /auth.txt)\" && echo {nonce}\n");
        source.Commit("An image whose build prints its registry password");
        var tag = $"{registry.Host}/{Repository}:{nonce}";
        var id = await farm.Api.SubmitAsync(new { repository = source.Url, @ref = "main", tags = new[] { tag }, push = true });
        var build = await farm.Api.WaitForFinishAsync(id);

        Assert.True(build.Status == "succeeded", $"{FarmApi.Describe(build)}\n{farm.Diagnostics()}");
        var pushed = Assert.Single(build.Events!, e => PushedDigest(tag).IsMatch(e.Message));
        var digest = PushedDigest(tag).Match(pushed.Message).Groups[1].Value;
        Assert.Equal((HttpStatusCode.OK, digest), await registry.ManifestAsync(Repository, nonce, (User, password)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await registry.ManifestAsync(Repository, nonce, null)).Status);

        var log = await farm.Api.LogAsync(id);
        Assert.Contains("token: ***", log);
        Assert.Contains("auth: ***", log);
        Assert.Contains("==> push (attempt 1)", log);
        Assert.Contains($"pushing {tag} to {registry.Host} as {User}", log);
        Assert.Contains($"pushed {tag} as {digest}", log);

        var seen = new Dictionary<string, string>
        {
            ["GET /api/builds/{id}/log"] = log,
            ["GET /api/builds/{id}"] = (await farm.Api.JsonAsync($"/api/builds/{id}")).GetRawText(),
            ["GET /api/builds"] = (await farm.Api.JsonAsync("/api/builds")).GetRawText(),
            ["GET /api/registry-credentials"] = (await farm.Api.SendAsync(HttpMethod.Get, "/api/registry-credentials")).Body,
            ["PUT /api/registry-credentials/{registry}"] = saved.Body,
            ["build page"] = await farm.Api.PageAsync($"/builds/{id}"),
            ["credentials page"] = await farm.Api.PageAsync("/settings/registries"),
            ["web log"] = farm.Log("web"),
            ["scheduler log"] = farm.Log("scheduler"),
            [FarmFixture.AgentA + " log"] = farm.Log(FarmFixture.AgentA),
            [FarmFixture.AgentB + " log"] = farm.Log(FarmFixture.AgentB),
            ["database files"] = DatabaseText(),
        };
        Assert.Contains(registry.Host, seen["credentials page"]);
        Assert.Contains(User, seen["credentials page"]);
        foreach (var (where, text) in seen)
        {
            Assert.False(text.Contains(password, StringComparison.Ordinal), $"the password is in the {where}");
            Assert.False(text.Contains(basic, StringComparison.Ordinal), $"base64 of user:password is in the {where}");
        }
        var stored = await StoredSecretAsync(registry.Host);
        Assert.StartsWith("CfDJ8", stored); // Data Protection's own header: the column holds its ciphertext
        Assert.DoesNotContain(password, stored);
    }

    [EndToEndFact]
    public async Task Should_fail_a_push_the_registry_refuses_with_the_registry_and_its_reason()
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        await using var registry = new PrivateRegistry(Path.Combine(farm.RunDir, $"registry-{nonce}"), User, $"Right{nonce}");
        await registry.StartAsync();
        var saved = await farm.Api.SendAsync(HttpMethod.Put, $"/api/registry-credentials/{registry.Host}",
            new { username = User, password = $"Wrong{nonce}" });
        Assert.True(saved.Status == HttpStatusCode.Created, saved.Body);
        var source = farm.NewRepository($"refused-{nonce}");
        source.Write("Dockerfile", $"FROM {farm.Services!.BaseImage}\nRUN echo {nonce} > /built\n");
        source.Commit("An image for a registry that will not take it");

        var tag = $"{registry.Host}/{Repository}:{nonce}";
        var build = await farm.Api.WaitForFinishAsync(
            await farm.Api.SubmitAsync(new { repository = source.Url, @ref = "main", tags = new[] { tag }, push = true }));

        Assert.True(build.Status == "failed", FarmApi.Describe(build));
        Assert.StartsWith($"push to {registry.Host} was refused: ", build.Error);
        Assert.Contains("unauthorized", build.Error, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(build.ImageId); // built, then refused: the image is there, the push is what failed
        Assert.Equal(HttpStatusCode.NotFound, (await registry.ManifestAsync(Repository, nonce, (User, $"Right{nonce}"))).Status);
    }

    [EndToEndFact]
    public async Task Should_refuse_push_credentials_to_an_agent_the_build_is_not_running_on()
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        var saved = await farm.Api.SendAsync(HttpMethod.Put, "/api/registry-credentials/localhost:5999",
            new { username = User, password = $"Held{nonce}" });
        Assert.True(saved.Status is HttpStatusCode.Created or HttpStatusCode.OK, saved.Body);
        var source = LongStep.Repository(farm, $"held-{nonce}", 60);
        var id = await farm.Api.SubmitAsync(new
        {
            repository = source.Url, @ref = "main", tags = new[] { $"localhost:5999/{Repository}:{nonce}" }, push = true,
        });
        var running = await farm.Api.WaitForAsync(id, b => b.Status == "running" && LongStep.Of(b, 60) is { Status: "running" }, "reached the long step");

        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(farm.BrokerUri));
        await bus.StartAsync();
        try
        {
            using var key = new SecretBox();
            var client = bus.CreateRequestClient<GetPushCredentials>(TimeSpan.FromSeconds(30));
            var answer = await client.GetResponse<PushCredentialsGranted, PushCredentialsRefused>(
                new GetPushCredentials(id, running.Attempt, "impostor-agent", ["localhost:5999"], key.PublicKey));

            Assert.True(answer.Is(out Response<PushCredentialsRefused>? refused), "Web sent credentials to an agent the build is not on");
            Assert.Equal($"the build is on attempt {running.Attempt}, on {running.Agent}, not attempt {running.Attempt} on impostor-agent",
                refused!.Message.Reason);
        }
        finally
        {
            await bus.StopAsync();
            await farm.Api.CancelAsync(id);
            await farm.Api.WaitForFinishAsync(id);
        }
    }

    /// <summary>Every byte of the farm's SQLite files (database, WAL, shared memory) as text: whatever table or
    /// column the farm wrote a value to, it is somewhere in there.</summary>
    string DatabaseText() =>
        string.Concat(Directory.GetFiles(farm.DataDir, "farm.db*").Select(path =>
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            file.CopyTo(copy);
            return Encoding.Latin1.GetString(copy.ToArray());
        }));

    async Task<string> StoredSecretAsync(string registry)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(farm.DataDir, "farm.db")};Mode=ReadOnly");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT ProtectedSecret FROM registry_credentials WHERE Registry = $registry";
        query.Parameters.AddWithValue("$registry", registry);
        return (string)(await query.ExecuteScalarAsync())!;
    }

    static Regex PushedDigest(string tag) => new($"pushed {Regex.Escape(tag)} as (sha256:[0-9a-f]{{64}})");
}
