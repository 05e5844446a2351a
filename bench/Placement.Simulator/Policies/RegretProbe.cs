using System.Globalization;
using BuildFarm.Placement.Simulator.Simulation;

namespace BuildFarm.Placement.Simulator.Policies;

/// <summary>
/// Measures a policy's decisions against the truth of the moment (<c>--regret</c>): for every build it places, how
/// much later the build truly finishes on the chosen agent than on the agent where it would truly finish first, as the
/// oracle plays each queue forward. Split by whether that best agent was full (slots and queue at the cap), which is
/// where holding a build for a full warm agent helps, or merely misjudged (estimates of durations and queues).
/// </summary>
internal sealed class RegretProbe(int maxQueuedPerAgent)
{
    private int _decisions;
    private int _regretted;
    private int _bestWasFull;
    private double _regret;
    private double _regretBestWasFull;

    public PlacementPolicy Wrap(PlacementPolicy policy) => (state, job) =>
    {
        var assignment = policy(state, job);
        if (assignment is null)
        {
            return null;
        }

        _decisions++;
        var chosen = OraclePolicy.Finish(assignment.Agent, job, state).Finish;
        var (best, bestFinish) = state.Agents.Where(a => a.Online)
            .Select(a => (Agent: a, OraclePolicy.Finish(a, job, state).Finish)).MinBy(x => x.Finish);
        var regret = chosen - bestFinish;
        if (regret > 1)
        {
            _regretted++;
            _regret += regret;
            if (best.Load >= best.Capacity + maxQueuedPerAgent)
            {
                _bestWasFull++;
                _regretBestWasFull += regret;
            }
        }

        return assignment;
    };

    public string Summary(int builds) => string.Create(CultureInfo.InvariantCulture,
        $"Regret against the truth of each moment: {_regretted} of {_decisions} placements finish more than 1 s later than " +
        $"they could have, {_regret / builds:0.0} s per build; where the truly best agent was full: {_bestWasFull} " +
        $"placements, {_regretBestWasFull / builds:0.0} s per build.");
}
