using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class BuildOutboxTests(WebFixture web)
{
    [Fact]
    public async Task Should_keep_a_build_submitted_while_the_broker_is_down_and_send_it_when_the_broker_is_back()
    {
        using var client = web.ApiClient();
        var repository = $"https://git.example.com/outbox-{Guid.NewGuid():N}.git";
        Guid id;

        web.Outage.Down = true;
        try
        {
            var response = await client.PostAsJsonAsync("/api/builds", new { repository, @ref = "main" });

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var stored = await Eventually(async () =>
                await web.WithDbAsync(db => db.Builds.AsNoTracking().SingleAsync(b => b.Id == id)) is { DispatchError: not null } b ? b : null);
            Assert.False(stored.Dispatched);
            Assert.Contains("Broker unreachable", stored.DispatchError);

            var shown = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{id}");
            Assert.Equal("queued", shown.GetProperty("status").GetString());
            Assert.StartsWith("waiting for the message broker: Broker unreachable", shown.GetProperty("waitingReason").GetString());
            Assert.DoesNotContain(web.Bus.All<BuildRequested>(), m => m.BuildId == id);
        }
        finally
        {
            web.Outage.Down = false;
        }

        var sent = await web.Bus.WaitForAsync<BuildRequested>(m => m.BuildId == id);
        Assert.Equal(repository, sent.Spec.Repository);
        await Eventually(async () =>
            await web.WithDbAsync(db => db.Builds.AsNoTracking().SingleAsync(b => b.Id == id)) is { Dispatched: true, DispatchError: null } b ? b : null);
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{id}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("waitingReason").ValueKind);
    }

    [Fact]
    public async Task Should_answer_a_submit_at_once_while_the_broker_takes_the_connection_but_never_answers()
    {
        using var client = web.ApiClient();
        // A submit that waited on the held publish would never come back; fail in seconds rather than the default 100.
        client.Timeout = TimeSpan.FromSeconds(30);
        var repository = $"https://git.example.com/hang-{Guid.NewGuid():N}.git";
        var heldBefore = web.Outage.Held;
        HttpResponseMessage response;
        using (web.Outage.Hang())
        {
            response = await client.PostAsJsonAsync("/api/builds", new { repository, @ref = "main" });
            // The request came back while the publish was still held: the submit did not wait on the broker.
            await Eventually(() => Task.FromResult(web.Outage.Held > heldBefore ? (object?)true : null));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var sent = await web.Bus.WaitForAsync<BuildRequested>(m => m.BuildId == id);
        Assert.Equal(repository, sent.Spec.Repository);
    }

    static async Task<T> Eventually<T>(Func<Task<T?>> condition) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await condition() is { } value)
                return value;
            Assert.True(DateTime.UtcNow < deadline, "the outbox did not get there in time");
            await Task.Delay(50);
        }
    }
}
