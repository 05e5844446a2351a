namespace BuildFarm.Shared.People;

/// <summary>
/// The three roles, each able to do everything the one before it can: a Viewer reads, a Member also submits, cancels
/// and rebuilds builds, an Admin also manages agents, people, credentials and alerts.
/// </summary>
public static class FarmRoles
{
    /// <summary>Reads builds, agents and insights; changes nothing.</summary>
    public const string Viewer = "Viewer";
    /// <summary>Also submits, cancels and rebuilds builds.</summary>
    public const string Member = "Member";
    /// <summary>Also manages agents, people, registry credentials and alerts.</summary>
    public const string Admin = "Admin";

    /// <summary>Lowest first.</summary>
    public static readonly IReadOnlyList<string> All = [Viewer, Member, Admin];

    /// <summary>The role as the farm spells it, whatever case it came in; null when it is not a role.</summary>
    public static string? Parse(string? text) =>
        All.FirstOrDefault(r => string.Equals(r, text?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether someone holding <paramref name="held"/> may do what needs <paramref name="needed"/>.</summary>
    public static bool Allows(string? held, string needed) => Rank(held) >= Rank(needed) && Rank(needed) >= 0;

    /// <summary>The roles that satisfy <paramref name="needed"/>, for Identity's role checks.</summary>
    public static string[] AtLeast(string needed) => All.Where(r => Allows(r, needed)).ToArray();

    static int Rank(string? role) => role is null ? -1 : All.ToList().IndexOf(role);
}
