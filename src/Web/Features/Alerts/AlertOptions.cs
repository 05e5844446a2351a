namespace BuildFarm.Web.Features.Alerts;

/// <summary>The "Alerts" section: when the hit rate is worth an alert, how often the rules run, and the webhook.</summary>
public sealed class AlertOptions
{
    /// <summary>Percentage points the last day's cache-hit rate must fall below its 7-day baseline.</summary>
    public double HitRateDropPoints { get; set; } = 20;
    /// <summary>Steps each window needs before its rate is judged.</summary>
    public int HitRateMinSteps { get; set; } = 20;
    /// <summary>How often the hit rate is judged and failed builds missed by the live path are caught up.</summary>
    public double EvaluateMinutes { get; set; } = 10;
    /// <summary>Where each alert is POSTed as JSON; unset, alerts stay on the dashboard only.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>Tries per delivery pass (with exponential back-off between them) before the alert waits for the next pass.</summary>
    public int WebhookAttempts { get; set; } = 4;
    /// <summary>The first back-off between tries; each later one doubles.</summary>
    public double WebhookBackoffSeconds { get; set; } = 1;
    /// <summary>How often the sender looks for undelivered alerts.</summary>
    public double WebhookPollSeconds { get; set; } = 5;
}
