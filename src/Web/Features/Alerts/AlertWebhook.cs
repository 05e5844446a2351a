using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace BuildFarm.Web.Features.Alerts;

/// <summary>
/// Sends stored alerts to <see cref="AlertOptions.WebhookUrl"/>, outbox style: whoever raises an alert only stores
/// it, so a slow or dead webhook never holds up a build or a submit. Each pass retries a delivery with exponential
/// back-off; an alert still undelivered waits, doubling its wait between passes, and nothing is lost.
/// </summary>
public sealed class AlertWebhook(
    IServiceScopeFactory scopes, HttpClient http, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertWebhook> log)
    : BackgroundService
{
    const int Batch = 20;
    static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.WebhookUrl))
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.WebhookPollSeconds), clock);
        try
        {
            do
            {
                try
                {
                    await SendPendingAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning(e, "Alert webhook pass failed; trying again on the next one");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: every alert due for delivery, oldest first.</summary>
    /// <returns>How many were delivered.</returns>
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        var url = options.Value.WebhookUrl;
        if (string.IsNullOrWhiteSpace(url))
            return 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FarmDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Alerts.Where(a => a.DeliveredAt == null && (a.NextDeliveryAt == null || a.NextDeliveryAt <= now))
            .OrderBy(a => a.RaisedAt).Take(Batch).ToListAsync(ct);
        var delivered = 0;
        foreach (var alert in due)
        {
            var tries = 0;
            var outcome = await Pipeline(ct).ExecuteAsync(async token =>
            {
                tries++;
                using var response = await http.PostAsJsonAsync(url, Payload(alert), JsonSerializerOptions.Web, token);
                return response.IsSuccessStatusCode ? null : $"the webhook answered {(int)response.StatusCode} {response.ReasonPhrase}";
            }, ct);
            alert.DeliveryAttempts += tries;
            if (outcome is null)
            {
                alert.DeliveredAt = clock.GetUtcNow();
                alert.DeliveryError = null;
                delivered++;
            }
            else
            {
                alert.DeliveryError = outcome;
                // At least one poll: the next pass must not hammer a webhook that just refused every try.
                var seconds = Math.Max(options.Value.WebhookPollSeconds, options.Value.WebhookBackoffSeconds * Math.Pow(2, alert.DeliveryAttempts));
                var wait = TimeSpan.FromSeconds(Math.Min(LongestWait.TotalSeconds, seconds));
                alert.NextDeliveryAt = clock.GetUtcNow() + wait;
                log.LogWarning("Alert {AlertId} not delivered after {Attempts} tries ({Reason}); next try in {Wait}", alert.Id, alert.DeliveryAttempts, outcome, wait);
            }
            await db.SaveChangesAsync(ct);
        }
        return delivered;
    }

    /// <summary>Retries a refused or unreachable webhook with exponential back-off; the last failure's reason comes back
    /// as the result (null: delivered).</summary>
    ResiliencePipeline<string?> Pipeline(CancellationToken ct)
    {
        // A timeout is the webhook's trouble; the host stopping is not, and must not be written down as a failure.
        var trouble = new PredicateBuilder<string?>().Handle<HttpRequestException>().Handle<TaskCanceledException>(_ => !ct.IsCancellationRequested);
        return new ResiliencePipelineBuilder<string?>()
            // Outermost: whatever the last try threw becomes the reason stored with the alert.
            .AddFallback(new Polly.Fallback.FallbackStrategyOptions<string?>
            {
                ShouldHandle = trouble,
                FallbackAction = args => Outcome.FromResultAsValueTask<string?>($"the webhook could not be reached: {args.Outcome.Exception?.Message}"),
            })
            .AddRetry(new RetryStrategyOptions<string?>
            {
                MaxRetryAttempts = Math.Max(0, options.Value.WebhookAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(options.Value.WebhookBackoffSeconds),
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<string?>().HandleResult(reason => reason is not null)
                    .Handle<HttpRequestException>().Handle<TaskCanceledException>(_ => !ct.IsCancellationRequested),
            })
            .Build();
    }

    static AlertView Payload(Alert a) =>
        new(a.Id, a.Kind, a.RaisedAt, a.Title, a.Detail, a.LikelyCause, a.BuildId, a.Reference, a.ReadAt, a.DeliveredAt);
}
