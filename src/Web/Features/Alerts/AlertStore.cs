using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Features.Alerts;

/// <summary>Stores alerts once per key, whoever raises them (the watch, a submit, the evaluator, several Web
/// processes): the unique key settles a race, and a lost race is no error.</summary>
public static class AlertStore
{
    /// <returns>True when this call stored the alert; false when one with its key was there already.</returns>
    public static async Task<bool> RaiseAsync(FarmDbContext db, Alert alert, CancellationToken ct)
    {
        if (await db.Alerts.AnyAsync(a => a.Key == alert.Key, ct))
            return false;
        if (alert.Id == Guid.Empty)
            alert.Id = Guid.CreateVersion7(alert.RaisedAt);
        db.Alerts.Add(alert);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another raiser may have stored the same key between the check and the insert. The caller's context may
            // go on to save other work (a submit stores its build next), so the losing row must not stay tracked.
            db.Entry(alert).State = EntityState.Detached;
            if (await db.Alerts.AsNoTracking().AnyAsync(a => a.Key == alert.Key, ct))
                return false;
            throw;
        }
    }
}
