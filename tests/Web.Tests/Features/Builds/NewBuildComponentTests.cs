using BuildFarm.Contracts;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Tests.Components;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>The new-build form as an interactive component: typed into, submitted, without a browser.</summary>
public sealed class NewBuildComponentTests : IAsyncLifetime
{
    readonly FarmComponents _farm = new();

    public Task InitializeAsync() => _farm.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)_farm).DisposeAsync();

    [Fact]
    public async Task Should_queue_what_was_typed_and_go_to_the_builds_page()
    {
        var form = _farm.Render<NewBuild>();
        Assert.Equal(("Dockerfile", "."), (form.Find("#dockerfilePath").GetAttribute("value"), form.Find("#contextPath").GetAttribute("value")));

        form.Find("#repository").Change("https://git.example.com/ml/trainer.git");
        form.Find("#ref").Change("release/2.3");
        form.Find("#buildArgs").Change("CUDA=12.1\nPYTHON=3.11");
        form.Find("#tags").Change("localhost:5000/trainer:2.3");
        form.Find("#noCache").Change(true);
        form.Find("#checkCommand").Change("python -c 'import torch'");
        await form.Find("form").SubmitAsync();

        var build = await _farm.Database.WithDbAsync(db => db.Builds.SingleAsync());
        Assert.Equal(("https://git.example.com/ml/trainer.git", "release/2.3", true), (build.Repository, build.Ref, build.NoCache));
        Assert.Equal(new Dictionary<string, string> { ["CUDA"] = "12.1", ["PYTHON"] = "3.11" }, build.BuildArgs);
        Assert.Equal(["localhost:5000/trainer:2.3"], build.Tags);
        Assert.Equal(["python", "-c", "import torch"], build.Spec().Check!.Command);
        Assert.EndsWith($"/builds/{build.Id}", _farm.Services.GetRequiredService<NavigationManager>().Uri);
        // The form hands the build to the outbox, which publishes it on its next pass.
        await _farm.Services.GetRequiredService<BuildOutbox>().DispatchPendingAsync(CancellationToken.None);
        Assert.True(await _farm.Bus.Published.Any<BuildRequested>(x => x.Context.Message.BuildId == build.Id));
    }

    [Fact]
    public async Task Should_list_every_problem_and_queue_nothing()
    {
        var form = _farm.Render<NewBuild>();

        form.Find("#repository").Change("https://git.example.com/ml/trainer.git");
        form.Find("#ref").Change("main");
        form.Find("#contextPath").Change("../../etc");
        form.Find("#buildArgs").Change("no equals sign");
        await form.Find("form").SubmitAsync();

        var errors = form.FindAll("[data-testid=form-errors] li").Select(li => li.TextContent).ToList();
        Assert.Contains("Build arg line 'no equals sign' is not KEY=VALUE.", errors);
        Assert.Contains(errors, e => e.StartsWith("Context path '../../etc' must stay inside the repository", StringComparison.Ordinal));
        Assert.Equal("https://git.example.com/ml/trainer.git", form.Find("#repository").GetAttribute("value"));
        Assert.False(await _farm.Database.WithDbAsync(db => db.Builds.AnyAsync()));
        Assert.DoesNotContain("/builds/", _farm.Services.GetRequiredService<NavigationManager>().Uri);
    }
}
