using BuildFarm.Testing;
using BuildFarm.Web.Features.Planning;
using BuildFarm.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Registry;

public class DigestLedgerTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-23T10:00:00Z");
    const string Tag = "docker.io/pytorch/pytorch:2.9-cuda12.1";
    const string Old = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    const string New = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    [Fact]
    public async Task Should_keep_a_tags_digests_and_report_a_move_across_a_restart()
    {
        await using var farm = await TestDatabase.CreateAsync();
        var t0 = Now;

        var first = await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, Old)], t0, default));
        var again = await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, Old)], t0.AddHours(1), default));
        // A new scope and a new resolver know nothing in memory; the ledger still remembers where the tag was.
        var moved = await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, New), (Tag, New)], t0.AddHours(2), default));
        var history = await farm.WithDbAsync(db => DigestLedger.HistoryAsync(db, Tag, default));

        Assert.Empty(first);
        Assert.Empty(again);
        Assert.Equal(Old, moved[Tag]);
        Assert.Equal([New, Old], history.Select(h => h.Digest));
        Assert.Equal((t0, t0.AddHours(1)), (history[1].FirstSeenAt, history[1].LastSeenAt));
    }

    [Fact]
    public async Task Should_call_a_tag_moved_back_to_an_older_digest_a_move()
    {
        await using var farm = await TestDatabase.CreateAsync();
        var t0 = Now;
        await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, Old)], t0, default));
        await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, New)], t0.AddHours(1), default));

        var back = await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, Old)], t0.AddHours(2), default));

        Assert.Equal(New, back[Tag]);
    }

    [Fact]
    public async Task Should_raise_one_base_moved_alert_for_a_move_whoever_sees_it_first()
    {
        await using var farm = await TestDatabase.CreateAsync();
        await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, Old)], Now, default));

        // A submit and the watch see the same move.
        await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, New)], Now.AddHours(1), default));
        await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, Old)], Now.AddHours(2), default));
        var alerts = await farm.WithDbAsync(db => db.Alerts.OrderBy(a => a.RaisedAt).ToListAsync());

        // Old → New, then back New → Old: two moves, one alert each, none for the first sighting.
        Assert.Equal([$"base-moved:{Tag}:{Old}:{New}", $"base-moved:{Tag}:{New}:{Old}"], alerts.Select(a => a.Key));
        Assert.Equal(Now.AddHours(1), alerts[0].RaisedAt);
        Assert.Equal(Tag, alerts[0].Reference);
    }

    [Fact]
    public async Task Should_record_only_fresh_registry_answers_from_a_plan()
    {
        await using var farm = await TestDatabase.CreateAsync();
        await farm.WithDbAsync(db => DigestLedger.RecordAsync(db, [(Tag, New)], Now, default));
        var planned = new PlanningResult("c0ffee", null,
            [new BaseImage(Tag, Old, "cached", null, null, TagDigest: Old)], []);

        var recorded = await farm.WithDbAsync(db => DigestLedger.RecordBasesAsync(db, planned, Now.AddMinutes(1), default));

        // The resolver's cached answer predates the ledger's newer digest: it is no sighting, and no move back.
        Assert.Null(recorded.Bases.Single().MovedFrom);
        Assert.Equal([New], (await farm.WithDbAsync(db => DigestLedger.HistoryAsync(db, Tag, default))).Select(h => h.Digest));
        Assert.Equal(0, await farm.WithDbAsync(db => db.Alerts.CountAsync()));
    }
}
