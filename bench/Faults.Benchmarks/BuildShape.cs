namespace BuildFarm.Faults.Benchmarks;

/// <summary>The builds every scenario runs, sized from the fault's length: one long step that ends inside the fault, one
/// that outlasts it, and two short builds submitted while it lasts.</summary>
sealed record BuildShape(IReadOnlyList<(string Name, int Sleep)> Running, IReadOnlyList<(string Name, int Sleep)> SubmittedInside)
{
    public static BuildShape For(TimeSpan outage)
    {
        var seconds = (int)outage.TotalSeconds;
        return new([("ends-inside", seconds / 2 + 5), ("outlasts", seconds + 15)], [("inside-1", 3), ("inside-2", 3)]);
    }
}
