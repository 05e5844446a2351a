namespace BuildFarm.Web.Features.Bases;

/// <summary>One digest of a base tag: when the farm saw the tag there, and the builds it served (newest first).</summary>
public sealed record BaseDigestView(string Digest, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int Builds, IReadOnlyList<Guid> RecentBuilds);

/// <summary>A drift event: the tag seen at a new digest, and how many builds were left on the old one.</summary>
public sealed record BaseDriftView(string From, string To, DateTimeOffset At, bool Back, int BuildsOnFrom);

/// <summary>A base tag as <c>GET /api/bases</c> and the bases page show it.</summary>
/// <param name="Digest">The digest the tag was last seen at.</param>
/// <param name="Pinned">The FROM line that pins the tag to <paramref name="Digest"/>.</param>
/// <param name="CheckedAt">When the watch last asked the registry (null before its first pass).</param>
/// <param name="Error">Why that check got no answer, as a sentence; the digest is then the last known one.</param>
public sealed record BaseView(
    string Reference,
    string Digest,
    string Pinned,
    DateTimeOffset? CheckedAt,
    string? Error,
    IReadOnlyList<BaseDigestView> History,
    IReadOnlyList<BaseDriftView> Drift);

/// <summary>What the build page says about a base that moved around a build.</summary>
/// <param name="Since">True: the tag moved after this build (a rebuild gets another image); false: it had just moved
/// before this build, which was the first of its repository on the new digest.</param>
public sealed record BaseDriftNoteView(string Reference, string BuiltOn, string Other, DateTimeOffset At, bool Since);
