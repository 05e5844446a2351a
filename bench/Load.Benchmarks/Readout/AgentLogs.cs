using System.Text.RegularExpressions;

namespace BuildFarm.Load.Benchmarks.Readout;

/// <summary>One attempt an agent began to run on its engine, as the agent itself logged it.</summary>
public sealed record AgentStart(string Agent, Guid BuildId, int Attempt);

/// <summary>The agents' own word on what they ran: each agent logs "Build {BuildId} attempt {Attempt} started" just
/// before it hands the build to its engine, so a build found twice here really ran twice, whatever the database says.</summary>
static partial class AgentLogs
{
    public static ILookup<Guid, AgentStart> Starts(IEnumerable<string> agents, Func<string, string> log) =>
        agents.SelectMany(agent => Started().Matches(log(agent))
                .Select(m => new AgentStart(agent, Guid.Parse(m.Groups["build"].Value), int.Parse(m.Groups["attempt"].Value))))
            .ToLookup(s => s.BuildId);

    [GeneratedRegex(@"Build (?<build>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) attempt (?<attempt>\d+) started")]
    private static partial Regex Started();
}
