using BuildFarm.Contracts;
using BuildFarm.Web.Features.Live;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Live;

[Collection(WebCollection.Name)]
public class LiveUpdatesTests(WebFixture web)
{
    [Fact]
    public async Task Should_pass_the_schedulers_build_and_agent_changes_to_open_pages()
    {
        var live = web.Services.GetRequiredService<LiveUpdates>();
        var buildId = Guid.NewGuid();
        var buildSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var agentSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var statusSeen = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStatus((Guid BuildId, string? Status) notice)
        {
            if (notice.BuildId == buildId)
                statusSeen.TrySetResult(notice.Status);
        }
        void OnBuild(Guid id)
        {
            if (id == buildId)
                buildSeen.TrySetResult();
        }
        void OnAgent(string id)
        {
            if (id == "agent-live")
                agentSeen.TrySetResult();
        }
        live.BuildChanged += OnBuild;
        live.BuildStatusNoticed += OnStatus;
        live.AgentChanged += OnAgent;
        try
        {
            var bus = web.Services.GetRequiredService<IBus>();
            await bus.Publish(new BuildChanged(buildId, "running"));
            await bus.Publish(new AgentChanged("agent-live", "online"));

            await buildSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await agentSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("running", await statusSeen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            live.BuildChanged -= OnBuild;
            live.BuildStatusNoticed -= OnStatus;
            live.AgentChanged -= OnAgent;
        }
    }

    [Fact]
    public void Should_keep_notifying_other_pages_when_one_page_throws()
    {
        var live = web.Services.GetRequiredService<LiveUpdates>();
        var id = Guid.NewGuid();
        var reached = false;
        void Broken(Guid _) => throw new InvalidOperationException("page gone");
        void Healthy(Guid changed) => reached |= changed == id;
        live.BuildChanged += Broken;
        live.BuildChanged += Healthy;
        try
        {
            live.NotifyBuildChanged(id);
        }
        finally
        {
            live.BuildChanged -= Broken;
            live.BuildChanged -= Healthy;
        }

        Assert.True(reached);
    }
}
