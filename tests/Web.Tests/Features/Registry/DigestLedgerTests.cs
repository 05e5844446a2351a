using BuildFarm.Testing;
using BuildFarm.Web.Features.Registry;

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
}
