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
            var stored = await web.WithDbAsync(db => db.Builds.AsNoTracking().SingleAsync(b => b.Id == id));
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
        {
            var build = await web.WithDbAsync(db => db.Builds.AsNoTracking().SingleAsync(b => b.Id == id));
            return build.Dispatched && build.DispatchError is null;
        });
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/builds/{id}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("waitingReason").ValueKind);
    }

    static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox did not mark the build dispatched in time");
            await Task.Delay(50);
        }
    }
}
