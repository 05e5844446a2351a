using System.Text;
using System.Text.Json;
using BuildFarm.Agent.Features.Push;
using BuildFarm.Contracts;
using BuildFarm.Shared.Secrets;

namespace BuildFarm.Agent.Tests.Features.Push;

public class SecretScrubberTests
{
    const string Password = "p<a>ss\"wo+rd/é";
    static readonly SecretScrubber Scrubber = new([new RegistryLogin("ghcr.io", "robot", Password)]);

    [Fact]
    public void Should_mask_the_password_wherever_it_appears_in_a_line() =>
        Assert.Equal("token=*** and again ***.", Scrubber.Scrub($"token={Password} and again {Password}."));

    [Fact]
    public void Should_mask_the_password_as_a_strict_or_a_relaxed_json_encoder_writes_it()
    {
        var strict = JsonSerializer.Serialize(new { password = Password });
        var relaxed = JsonSerializer.Serialize(new { password = Password },
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.NotEqual(strict, relaxed);
        Assert.Equal("""{"password":"***"}""", Scrubber.Scrub(strict));
        Assert.Equal("""{"password":"***"}""", Scrubber.Scrub(relaxed));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_mask_the_base64_of_user_and_password_as_an_auth_header_or_docker_config_carries_it(bool urlSafe)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"robot:{Password}"));
        if (urlSafe)
            basic = basic.TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal("Authorization: Basic ***", Scrubber.Scrub($"Authorization: Basic {basic}"));
    }

    [Fact]
    public void Should_leave_text_without_a_password_as_it_is_and_mask_nothing_for_logins_without_one()
    {
        Assert.Equal("Step 3/7: RUN pip install torch", Scrubber.Scrub("Step 3/7: RUN pip install torch"));
        Assert.True(new SecretScrubber([new RegistryLogin("ghcr.io", "robot", "")]).IsEmpty);
        Assert.Equal("robot:", new SecretScrubber([new RegistryLogin("ghcr.io", "robot", "")]).Scrub("robot:"));
    }

    [Fact]
    public void Should_mask_a_longer_password_whole_when_a_shorter_one_is_part_of_it()
    {
        var scrubber = new SecretScrubber([new RegistryLogin("a.io", "u", "abc"), new RegistryLogin("b.io", "u", "abcdef")]);

        Assert.Equal("*** ***", scrubber.Scrub("abcdef abc"));
    }

    [Fact]
    public async Task Should_mask_step_output_instructions_and_errors_before_they_reach_the_sink()
    {
        var recorded = new List<object>();
        var sink = new ScrubbingSink(new Recording(recorded), Scrubber);
        var at = DateTimeOffset.UnixEpoch;
        var build = Guid.NewGuid();

        await sink.StepStartedAsync(new StepStarted(build, 1, 2, "stage", $"RUN echo {Password}", at));
        await sink.StepLoggedAsync(new StepLogged(build, 1, 2, 0, [$"printed {Password}", "plain"]));
        await sink.StepCompletedAsync(new StepCompleted(build, 1, 2, "stage", $"RUN echo {Password}", at, at, false, $"failed near {Password}"));

        Assert.Equal("RUN echo ***", ((StepStarted)recorded[0]).Instruction);
        Assert.Equal(["printed ***", "plain"], ((StepLogged)recorded[1]).Lines);
        var completed = (StepCompleted)recorded[2];
        Assert.Equal(("RUN echo ***", "failed near ***"), (completed.Instruction, completed.Error));
        Assert.DoesNotContain(Password, string.Join("\n", recorded.Select(e => JsonSerializer.Serialize(e))));
    }

    sealed class Recording(List<object> events) : BuildFarm.Agent.Features.Builds.IBuildEventSink
    {
        public Task StepStartedAsync(StepStarted e) => Add(e);
        public Task StepLoggedAsync(StepLogged e) => Add(e);
        public Task StepCompletedAsync(StepCompleted e) => Add(e);

        Task Add(object e)
        {
            events.Add(e);
            return Task.CompletedTask;
        }
    }
}
