using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Shared.Bases;
using BuildFarm.Web.Features.Alerts;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Bases;

/// <summary>The alert for a base tag seen at a new digest, raised wherever the move is seen first: the watch or a
/// submit (both record through the <c>DigestLedger</c>, which calls this).</summary>
public static class BaseMoveAlert
{
    public static async Task RaiseAsync(FarmDbContext db, string reference, string from, string to, DateTimeOffset at, CancellationToken ct)
    {
        var left = await db.BuildBases.CountAsync(b => b.Reference == reference && b.Digest == from, ct);
        await AlertStore.RaiseAsync(db, new Alert
        {
            Key = $"{AlertKinds.BaseMoved}:{reference}:{from}:{to}",
            Kind = AlertKinds.BaseMoved,
            RaisedAt = at,
            Reference = reference,
            Title = $"Base tag {reference} moved to {BaseDrift.Short(to)}",
            Detail = $"{reference} now points at {to} (was {from}). " +
                     (left == 0 ? "No build was planned on the old digest." : $"{left} build{(left == 1 ? " was" : "s were")} built on the old digest: their next rebuild misses the cache from FROM on.") +
                     $" To keep the old image, pin it: {BaseDrift.Pinned(reference, from)}",
            LikelyCause = "The tag was pushed again upstream (a new release or a rebuilt image under the same tag).",
        }, ct);
    }
}
