using System.Security.Claims;
using BuildFarm.Shared.People;
using BuildFarm.Web.Security;
using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Alerts;

public static class AlertQueries
{
    public const int DefaultLimit = 100;

    public static Task<int> UnreadAlertsAsync(this FarmDbContext db, CancellationToken ct) =>
        db.Alerts.CountAsync(a => a.ReadAt == null, ct);

    public static async Task<AlertList> AlertsAsync(this FarmDbContext db, bool unreadOnly, int limit, CancellationToken ct)
    {
        var query = db.Alerts.AsNoTracking();
        if (unreadOnly)
            query = query.Where(a => a.ReadAt == null);
        var alerts = await query.OrderByDescending(a => a.RaisedAt).Take(Math.Clamp(limit, 1, 1000))
            .Select(a => new AlertView(a.Id, a.Kind, a.RaisedAt, a.Title, a.Detail, a.LikelyCause, a.BuildId, a.Reference, a.ReadAt, a.DeliveredAt))
            .ToListAsync(ct);
        return new AlertList(await db.UnreadAlertsAsync(ct), alerts);
    }

    /// <returns>False when no such alert exists.</returns>
    public static async Task<bool> MarkAlertReadAsync(this FarmDbContext db, ClaimsPrincipal user, Guid id, DateTimeOffset at, CancellationToken ct)
    {
        FarmAccess.Require(user, FarmRoles.Admin, "mark alerts read");
        if (!await db.Alerts.AnyAsync(a => a.Id == id, ct))
            return false;
        // Read once: the first reading is the one worth keeping.
        await db.Alerts.Where(a => a.Id == id && a.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(a => a.ReadAt, at), ct);
        return true;
    }

    public static Task<int> MarkAllAlertsReadAsync(this FarmDbContext db, ClaimsPrincipal user, DateTimeOffset at, CancellationToken ct)
    {
        FarmAccess.Require(user, FarmRoles.Admin, "mark alerts read");
        return db.Alerts.Where(a => a.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(a => a.ReadAt, at), ct);
    }
}
