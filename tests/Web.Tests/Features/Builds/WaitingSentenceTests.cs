using BuildFarm.Web.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Builds;

public class WaitingSentenceTests
{
    [Theory]
    [InlineData(0, "All 2 online agents are busy. It is next in the queue.")]
    [InlineData(1, "All 2 online agents are busy. It is 2nd in the queue, behind 1 build.")]
    [InlineData(2, "All 2 online agents are busy. It is 3rd in the queue, behind 2 builds.")]
    [InlineData(10, "All 2 online agents are busy. It is 11th in the queue, behind 10 builds.")]
    public void Should_say_why_and_where_the_build_stands_in_the_queue(int ahead, string sentence) =>
        Assert.Equal(sentence, WaitingSentence.For("all 2 online agents are busy", ahead));

    [Fact]
    public void Should_turn_the_schedulers_dash_list_into_a_sentence() =>
        Assert.Equal("No agent can take this build: gpu-1: busy (1/1 builds); gpu-2: offline.",
            WaitingSentence.For("no agent can take this build — gpu-1: busy (1/1 builds); gpu-2: offline"));

    [Fact]
    public void Should_explain_a_farm_with_no_agents_and_a_build_not_yet_placed()
    {
        Assert.Equal("No agent has joined the farm yet, so nothing can run it until one does.", WaitingSentence.For("no agent has registered with the farm yet"));
        Assert.Equal("Waiting for the scheduler to place it.", WaitingSentence.For(null));
    }
}
