using BuildFarm.Data;

namespace BuildFarm.Web.Features.Agents;

/// <summary>
/// The single-process farm's own agent joins with a token made for it at each start, which the scheduler in the same
/// process accepts: nobody has to approve the farm's own agent, and a token that lives only in this process's memory
/// cannot be copied by another host. Settings that name one already (an operator's, the run command's) are kept.
/// </summary>
static class EmbeddedJoin
{
    public static void AdmitEmbeddedAgent(this IHostApplicationBuilder builder)
    {
        var token = builder.Configuration["Scheduler:JoinToken"];
        if (string.IsNullOrEmpty(token))
            token = JoinSecret.New();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scheduler:JoinToken"] = token,
            ["Agent:JoinToken"] = builder.Configuration["Agent:JoinToken"] is { Length: > 0 } own ? own : token,
        });
    }
}
