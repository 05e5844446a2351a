namespace BuildFarm.Web.Features.Alerts;

/// <summary>An alert as <c>GET /api/alerts</c>, the alerts page and the webhook show it.</summary>
public sealed record AlertView(
    Guid Id,
    string Kind,
    DateTimeOffset RaisedAt,
    string Title,
    string Detail,
    string? LikelyCause,
    Guid? BuildId,
    string? Reference,
    DateTimeOffset? ReadAt,
    DateTimeOffset? DeliveredAt);

/// <summary>The answer of <c>GET /api/alerts</c>: the unread count the bell shows, and the alerts, newest first.</summary>
public sealed record AlertList(int Unread, IReadOnlyList<AlertView> Alerts);
