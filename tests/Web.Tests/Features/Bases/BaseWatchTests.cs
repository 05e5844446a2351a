using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Web.Features.Bases;
using BuildFarm.Web.Features.Registry;
using BuildFarm.Web.Tests.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Bases;

/// <summary>The watch against a real registry of the test's own, which it re-pushes and then stops.</summary>
[Collection(WebCollection.Name)]
public class BaseWatchTests(WebFixture web)
{
    [Fact]
    public async Task Should_record_a_re_pushed_tag_as_moved_and_raise_one_alert_however_often_it_is_seen()
    {
        await using var registry = await RegistryProcess.StartAsync();
        var pusher = new RegistryPusher(registry.BaseUri);
        var repository = $"watch/{Guid.NewGuid():N}";
        var reference = $"{registry.Host}/{repository}:1.0";
        var first = await pusher.PushImageAsync(repository, "1.0", ImagePlatform.Default);
        await web.WithDbAsync(db => DigestLedger.RecordAsync(db, [(reference, first.Digest)], DateTimeOffset.UtcNow.AddHours(-1), default));
        var second = await pusher.PushImageAsync(repository, "1.0", ImagePlatform.Default);
        var watch = web.Services.GetRequiredService<BaseWatch>();

        var moved = await watch.CheckAllAsync(default);
        var again = await watch.CheckAllAsync(default);

        Assert.True(moved >= 1);
        Assert.Equal(0, again);
        var entry = await BaseAsync(reference);
        Assert.Equal(second.Digest, entry.GetProperty("digest").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("error").ValueKind);
        var drift = Assert.Single(entry.GetProperty("drift").EnumerateArray());
        Assert.Equal((first.Digest, second.Digest), (drift.GetProperty("from").GetString(), drift.GetProperty("to").GetString()));
        var alert = Assert.Single(await web.WithDbAsync(db => db.Alerts.Where(a => a.Reference == reference).ToListAsync()));
        Assert.Equal(AlertKinds.BaseMoved, alert.Kind);
        Assert.Contains(second.Digest, alert.Detail);
        Assert.Contains($"FROM {reference}@{first.Digest}", alert.Detail);
    }

    [Fact]
    public async Task Should_make_the_next_submit_plan_on_the_new_digest_though_the_old_one_was_cached()
    {
        await using var registry = await RegistryProcess.StartAsync();
        var pusher = new RegistryPusher(registry.BaseUri);
        var repository = $"watch/{Guid.NewGuid():N}";
        var reference = $"{registry.Host}/{repository}:3.0";
        var first = await pusher.PushImageAsync(repository, "3.0", ImagePlatform.Default);
        var resolver = web.Services.GetRequiredService<DigestResolver>();
        var planned = await resolver.ResolveAsync(reference);
        await web.WithDbAsync(db => DigestLedger.RecordAsync(db, [(planned.Reference, planned.Digest!)], DateTimeOffset.UtcNow, default));
        var second = await pusher.PushImageAsync(repository, "3.0", ImagePlatform.Default);
        Assert.Equal((DigestStatus.Cached, first.Digest), ((await resolver.ResolveAsync(reference)).Status, (await resolver.ResolveAsync(reference)).Digest));

        await web.Services.GetRequiredService<BaseWatch>().CheckAllAsync(default);

        var next = await resolver.ResolveAsync(reference);
        Assert.Equal((DigestStatus.Resolved, second.Digest), (next.Status, next.Digest));
    }

    [Fact]
    public async Task Should_show_the_registry_error_as_a_sentence_with_the_last_known_digest_and_lose_no_history()
    {
        var registry = await RegistryProcess.StartAsync();
        var repository = $"watch/{Guid.NewGuid():N}";
        var reference = $"{registry.Host}/{repository}:2.0";
        var image = await new RegistryPusher(registry.BaseUri).PushImageAsync(repository, "2.0", ImagePlatform.Default);
        var watch = web.Services.GetRequiredService<BaseWatch>();
        await web.WithDbAsync(db => DigestLedger.RecordAsync(db, [(reference, image.Digest)], DateTimeOffset.UtcNow, default));
        await watch.CheckAllAsync(default);
        var before = await web.WithDbAsync(db => db.ImageDigests.AsNoTracking().Where(d => d.Reference == reference).ToListAsync());

        await registry.DisposeAsync();
        await watch.CheckAllAsync(default);

        var entry = await BaseAsync(reference);
        Assert.Equal(image.Digest, entry.GetProperty("digest").GetString());
        var error = entry.GetProperty("error").GetString()!;
        Assert.StartsWith("The registry could not be asked at ", error);
        Assert.Contains(registry.Host, error);
        Assert.EndsWith("The digest shown is the last one seen, at " + before.Single().LastSeenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'") + ".", error);
        Assert.Equal(before.Select(d => (d.Digest, d.FirstSeenAt, d.LastSeenAt)),
            await web.WithDbAsync(db => db.ImageDigests.AsNoTracking().Where(d => d.Reference == reference).Select(d => new { d.Digest, d.FirstSeenAt, d.LastSeenAt }).ToListAsync())
                .ContinueWith(t => t.Result.Select(d => (d.Digest, d.FirstSeenAt, d.LastSeenAt))));
        var page = System.Net.WebUtility.HtmlDecode(await web.ApiClient().GetStringAsync("/bases"));
        Assert.Contains(error, page);
    }

    async Task<JsonElement> BaseAsync(string reference)
    {
        using var client = web.ApiClient();
        return (await client.GetFromJsonAsync<JsonElement[]>("/api/bases"))!.Single(e => e.GetProperty("reference").GetString() == reference);
    }
}
