using BuildFarm.Agent.Docker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Agent.Features.Health;

/// <summary>While the engine is lost, pings it until it answers, then marks it healthy: the agent recovers by itself,
/// without a restart, as soon as its engine is back.</summary>
public sealed class EngineWatch(EngineHealth health, EngineSystem engine, IOptions<AgentOptions> options, TimeProvider clock,
    ILogger<EngineWatch> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = health.ChangedAsync(stoppingToken);
            if (!health.Down)
            {
                await changed;
                continue;
            }
            await Task.Delay(options.Value.EnginePing, clock, stoppingToken);
            if (await AnswersAsync(engine, options.Value.EnginePing, stoppingToken) is null)
            {
                log.LogInformation("Docker engine at {Host} answers again; taking builds", engine.Host);
                health.MarkAnswering();
            }
        }
    }

    /// <returns>Null when the engine answered a ping within <paramref name="within"/> (at least 2 s), else why not.</returns>
    public static async Task<string?> AnswersAsync(EngineSystem engine, TimeSpan within, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within > TimeSpan.FromSeconds(2) ? within : TimeSpan.FromSeconds(2));
        try
        {
            await engine.PingAsync(deadline.Token);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return e is OperationCanceledException ? $"Docker engine at {engine.Host} is not answering a ping" : e.Message;
        }
    }
}
