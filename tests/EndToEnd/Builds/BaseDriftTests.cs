using System.Diagnostics;
using System.Text.Json;
using BuildFarm.EndToEnd.Farm;
using Xunit.Abstractions;

namespace BuildFarm.EndToEnd.Builds;

/// <summary>
/// A base tag re-pushed to a new digest in the real registry while the farm runs: the watch (every 3 s here) sees it
/// on its own, with no build submitted, and the bases API, the alerts and the build pages say so.
/// </summary>
[Collection(FarmCollection.Name)]
public class BaseDriftTests(FarmFixture farm, ITestOutputHelper output)
{
    static readonly TimeSpan WatchDeadline = TimeSpan.FromSeconds(60);

    [EndToEndFact]
    public async Task Should_report_a_re_pushed_base_tag_as_drift_raise_an_alert_and_note_it_on_the_builds_pages()
    {
        var services = farm.Services!;
        var image = await PrivateBaseImage.CopyAsync(services.Registry, services.BaseImage, "e2e-bases");
        var engine = services.SpareEngines[0];
        await using var watched = new FarmFixture("bases", new Dictionary<string, string>(), new Dictionary<string, string>())
        {
            WebSettings = new Dictionary<string, string> { ["Scheduler__BaseWatchMinutes"] = "0.05" },
        };
        await watched.InitializeAsync();
        await watched.AddAgentAsync("bases-agent", engine);
        var repository = watched.NewRepository("bases");
        repository.Write("Dockerfile", $"FROM {image.Reference}\nRUN echo {Guid.NewGuid():N} > /built-on\n");
        repository.Commit("A build on the private base");
        var oldDigest = await image.DigestAsync();

        var before = await watched.Api.WaitForFinishAsync(await watched.Api.SubmitAsync(repository.Url));
        Assert.True(before.Status == "succeeded", FarmApi.Describe(before));
        var newDigest = await image.MoveAsync();
        var moved = Stopwatch.StartNew();
        var entry = await Eventually.Until(() => BaseAsync(watched, image.Reference),
            e => e?.GetProperty("digest").GetString() == newDigest, WatchDeadline,
            e => $"the watch never saw {image.Reference} at {newDigest}; last: {e}\n{watched.Diagnostics()}");
        output.WriteLine($"the watch reported the move {moved.Elapsed.TotalSeconds:0.0} s after the re-push");

        var e = entry!.Value;
        Assert.Equal($"FROM {image.Reference}@{newDigest}", e.GetProperty("pinned").GetString());
        var drift = Assert.Single(e.GetProperty("drift").EnumerateArray());
        Assert.Equal((oldDigest, newDigest, 1), (drift.GetProperty("from").GetString(), drift.GetProperty("to").GetString(), drift.GetProperty("buildsOnFrom").GetInt32()));
        var old = e.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("digest").GetString() == oldDigest);
        Assert.Equal([before.Id], old.GetProperty("recentBuilds").EnumerateArray().Select(i => i.GetGuid()));
        // The alert is stored just after the new digest is (the ledger records the sighting, then raises it), so a
        // reader may see the move a moment before its alert.
        var alerts = await Eventually.Until(() => watched.Api.JsonAsync("/api/alerts"), a => MoveAlerts(a, image.Reference).Any(),
            WatchDeadline, a => $"no base-moved alert for {image.Reference}; last: {a}");
        var alert = Assert.Single(MoveAlerts(alerts, image.Reference));
        Assert.Contains(newDigest, alert.GetProperty("detail").GetString());
        Assert.True(alerts.GetProperty("unread").GetInt32() >= 1);
        Assert.Contains("data-testid=\"drift-note\" data-since=\"true\"", await watched.Api.PageAsync($"/builds/{before.Id}"));

        // The next build runs on the new image: its page says the tag had moved just before it.
        var after = await watched.Api.WaitForFinishAsync(await watched.Api.SubmitAsync(repository.Url));
        Assert.True(after.Status == "succeeded", FarmApi.Describe(after));
        Assert.Contains("data-testid=\"drift-note\" data-since=\"false\"", await watched.Api.PageAsync($"/builds/{after.Id}"));
        var recorded = await BaseAsync(watched, image.Reference);
        Assert.Contains(after.Id, recorded!.Value.GetProperty("history").EnumerateArray()
            .Single(h => h.GetProperty("digest").GetString() == newDigest).GetProperty("recentBuilds").EnumerateArray().Select(i => i.GetGuid()));
        await image.DeleteAsync(oldDigest, newDigest);
    }

    static IEnumerable<JsonElement> MoveAlerts(JsonElement alerts, string reference) =>
        alerts.GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() == "base-moved" && a.GetProperty("reference").GetString() == reference);

    static async Task<JsonElement?> BaseAsync(FarmFixture on, string reference)
    {
        var bases = await on.Api.JsonAsync("/api/bases");
        return bases.EnumerateArray().Where(b => b.GetProperty("reference").GetString() == reference).Select(b => (JsonElement?)b).FirstOrDefault();
    }
}
