using System.Text.Json;
using BuildFarm.Testing;
using BuildFarm.Web.Features.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildFarm.Web.Tests.Features.Alerts;

public class AlertWebhookTests
{
    [Fact]
    public async Task Should_deliver_an_alert_to_a_webhook_that_refuses_the_first_tries_and_record_each_try()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var hook = new WebhookListener(failures: 2);
        var alert = AlertsApiTests.NewAlert(DateTimeOffset.UtcNow);
        await database.WithDbAsync(db => AlertStore.RaiseAsync(db, alert, default));
        await using var services = database.AddTo(new ServiceCollection()).BuildServiceProvider();
        var sender = Sender(services, hook.Url, attempts: 4);

        var delivered = await sender.SendPendingAsync(default);

        Assert.Equal(1, delivered);
        Assert.Equal(3, hook.Requests);
        var stored = await database.WithDbAsync(db => db.Alerts.AsNoTracking().SingleAsync(a => a.Id == alert.Id));
        Assert.NotNull(stored.DeliveredAt);
        Assert.Equal(3, stored.DeliveryAttempts);
        Assert.Null(stored.DeliveryError);
        var body = JsonDocument.Parse(hook.Bodies.Last()).RootElement;
        Assert.Equal((alert.Id, alert.Kind, alert.Title, alert.LikelyCause),
            (body.GetProperty("id").GetGuid(), body.GetProperty("kind").GetString(), body.GetProperty("title").GetString(), body.GetProperty("likelyCause").GetString()));
        Assert.Equal(0, await sender.SendPendingAsync(default));
        Assert.Equal(3, hook.Requests);
    }

    [Fact]
    public async Task Should_keep_an_alert_the_webhook_keeps_refusing_undelivered_with_the_reason_and_wait_before_the_next_pass()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var hook = new WebhookListener(failures: int.MaxValue);
        var alert = AlertsApiTests.NewAlert(DateTimeOffset.UtcNow);
        await database.WithDbAsync(db => AlertStore.RaiseAsync(db, alert, default));
        await using var services = database.AddTo(new ServiceCollection()).BuildServiceProvider();
        var sender = Sender(services, hook.Url, attempts: 2);

        var delivered = await sender.SendPendingAsync(default);
        var tooSoon = await sender.SendPendingAsync(default);

        Assert.Equal((0, 0), (delivered, tooSoon));
        // Two tries in the first pass, none in the second: the alert waits out its back-off.
        Assert.Equal(2, hook.Requests);
        var stored = await database.WithDbAsync(db => db.Alerts.AsNoTracking().SingleAsync(a => a.Id == alert.Id));
        Assert.Null(stored.DeliveredAt);
        Assert.Equal(2, stored.DeliveryAttempts);
        Assert.Equal("the webhook answered 503 Service Unavailable", stored.DeliveryError);
        Assert.True(stored.NextDeliveryAt > DateTimeOffset.UtcNow);
    }

    static AlertWebhook Sender(IServiceProvider services, string url, int attempts) =>
        new(services.GetRequiredService<IServiceScopeFactory>(), new HttpClient { Timeout = TimeSpan.FromSeconds(5) },
            Options.Create(new AlertOptions { WebhookUrl = url, WebhookAttempts = attempts, WebhookBackoffSeconds = 0.05 }),
            TimeProvider.System, NullLogger<AlertWebhook>.Instance);
}
