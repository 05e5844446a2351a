using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Data;
using BuildFarm.Web.Tests.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Bases;

[Collection(WebCollection.Name)]
public class BasesApiTests(WebFixture web)
{
    internal const string Old = "sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    internal const string New = "sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-20T08:00:00Z");

    [Fact]
    public async Task Should_list_each_tag_with_its_current_digest_history_builds_pinned_line_and_drift()
    {
        var reference = $"127.0.0.1:9/ml/{Guid.NewGuid():N}:2.9-cuda12.1";
        var onOld = Enumerable.Range(0, 7).Select(i => Seeded(T0.AddHours(i))).ToList();
        var onNew = Seeded(T0.AddDays(2));
        await web.WithDbAsync(db =>
        {
            db.Builds.AddRange([.. onOld, onNew]);
            db.ImageDigests.AddRange(
                new ImageDigest { Reference = reference, Digest = Old, FirstSeenAt = T0, LastSeenAt = T0.AddDays(1) },
                new ImageDigest { Reference = reference, Digest = New, FirstSeenAt = T0.AddDays(2), LastSeenAt = T0.AddDays(3) });
            db.BuildBases.AddRange(onOld.Select(b => new BuildBase { BuildId = b.Id, Reference = reference, Digest = Old }));
            db.BuildBases.Add(new BuildBase { BuildId = onNew.Id, Reference = reference, Digest = New });
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var entry = (await client.GetFromJsonAsync<JsonElement[]>("/api/bases"))!.Single(e => e.GetProperty("reference").GetString() == reference);

        Assert.Equal(New, entry.GetProperty("digest").GetString());
        Assert.Equal($"FROM {reference}@{New}", entry.GetProperty("pinned").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("error").ValueKind);
        var history = entry.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([New, Old], history.Select(h => h.GetProperty("digest").GetString()));
        Assert.Equal(T0, history[1].GetProperty("firstSeen").GetDateTimeOffset());
        Assert.Equal(T0.AddDays(1), history[1].GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(7, history[1].GetProperty("builds").GetInt32());
        // The five most recent of the seven, newest first.
        Assert.Equal(onOld.OrderByDescending(b => b.QueuedAt).Take(5).Select(b => b.Id),
            history[1].GetProperty("recentBuilds").EnumerateArray().Select(i => i.GetGuid()));
        Assert.Equal([onNew.Id], history[0].GetProperty("recentBuilds").EnumerateArray().Select(i => i.GetGuid()));
        var drift = Assert.Single(entry.GetProperty("drift").EnumerateArray());
        Assert.Equal((Old, New, 7), (drift.GetProperty("from").GetString(), drift.GetProperty("to").GetString(), drift.GetProperty("buildsOnFrom").GetInt32()));
        Assert.Equal(T0.AddDays(2), drift.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Should_note_the_move_on_the_page_of_a_build_left_on_the_old_digest_and_on_the_first_build_on_the_new_one()
    {
        var reference = $"127.0.0.1:9/ml/{Guid.NewGuid():N}:1";
        var left = Seeded(T0);
        var first = Seeded(T0.AddDays(2));
        first.Repository = left.Repository;
        await web.WithDbAsync(db =>
        {
            db.Builds.AddRange(left, first);
            db.ImageDigests.AddRange(
                new ImageDigest { Reference = reference, Digest = Old, FirstSeenAt = T0, LastSeenAt = T0 },
                new ImageDigest { Reference = reference, Digest = New, FirstSeenAt = T0.AddDays(2), LastSeenAt = T0.AddDays(2) });
            db.BuildBases.AddRange(
                new BuildBase { BuildId = left.Id, Reference = reference, Digest = Old },
                new BuildBase { BuildId = first.Id, Reference = reference, Digest = New });
            return db.SaveChangesAsync();
        });

        var leftPage = await web.ApiClient().GetStringAsync($"/builds/{left.Id}");
        var firstPage = await web.ApiClient().GetStringAsync($"/builds/{first.Id}");

        Assert.Contains("data-testid=\"drift-note\" data-since=\"true\"", leftPage);
        Assert.Contains("has moved since this build", leftPage);
        Assert.Contains($"FROM {reference}@{Old}", leftPage);
        Assert.Contains("data-testid=\"drift-note\" data-since=\"false\"", firstPage);
        Assert.Contains("had moved from", firstPage);
    }

    static Build Seeded(DateTimeOffset queuedAt)
    {
        var build = SeededBuild.Finished("agent-bases");
        build.Id = Guid.NewGuid();
        build.QueuedAt = queuedAt;
        return build;
    }
}
