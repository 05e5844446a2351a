using BuildFarm.Shared.Misses;
using BuildFarm.Web.Features.Builds;
using Bunit;

namespace BuildFarm.Web.Tests.Features.Builds;

public class MissPanelTests : BunitContext
{
    const string Old = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    const string New = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    static readonly Guid Earlier = Guid.Parse("0192f3a1-0000-7000-8000-00000000abcd");

    [Fact]
    public void Should_name_the_changed_file_the_step_and_the_time_lost_in_one_sentence()
    {
        var panel = Render(new MissExplanation(MissCauses.FilesChanged, new MissedStep(3, "COPY requirements.txt ."), Earlier,
            "requirements.txt changed.", ["requirements.txt"], 120));

        Assert.Equal(MissCauses.FilesChanged, panel.Find("[data-testid=miss]").GetAttribute("data-cause"));
        Assert.Equal("Missed the cache at step 4 COPY requirements.txt .: requirements.txt changed. (~2 min lost)",
            Normalized(panel.Find("[data-testid=miss-sentence]").TextContent));
        Assert.Equal(["requirements.txt"], panel.FindAll("[data-testid=miss-file]").Select(f => f.TextContent));
        var compared = panel.Find("[data-testid=miss-compared]");
        Assert.Equal($"builds/{Earlier}", compared.GetAttribute("href"));
        Assert.Equal("0000abcd", compared.TextContent);
    }

    [Fact]
    public void Should_show_both_digests_when_the_base_moved()
    {
        var move = new BaseMove("localhost:5000/ml/python:3.11", Old, New, Now.AddHours(-1));
        var panel = Render(new MissExplanation(MissCauses.BaseMoved, new MissedStep(1, "WORKDIR /app"), Earlier, "The base moved.", [], 30)
        {
            Base = move,
        });

        Assert.Equal(Old, panel.Find("[data-testid=miss-old-digest]").TextContent);
        Assert.Equal(New, panel.Find("[data-testid=miss-new-digest]").TextContent);
        Assert.Contains("base image moved", panel.Find("h2").TextContent);
    }

    [Fact]
    public void Should_give_the_old_and_new_text_of_a_changed_instruction()
    {
        var panel = Render(new MissExplanation(MissCauses.InstructionChanged, new MissedStep(2, "RUN make all"), Earlier, "changed", [], 0)
        {
            Instruction = new TextChange("RUN make", "RUN make all"),
        });

        Assert.Equal("RUN make", panel.Find("[data-testid=miss-old-text]").TextContent);
        Assert.Equal("RUN make all", panel.Find("[data-testid=miss-new-text]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=miss-lost]"));
    }

    [Fact]
    public void Should_not_speak_of_a_missed_step_when_every_step_was_cached()
    {
        var panel = Render(new MissExplanation(MissCauses.None, null, Earlier, "Every step came from the cache.", [], 0));

        Assert.Equal("Every step came from the cache.", Normalized(panel.Find("[data-testid=miss-sentence]").TextContent));
        Assert.Equal("Fully cached", panel.Find("h2").TextContent);
    }

    [Fact]
    public void Should_render_nothing_before_the_build_finished()
    {
        var panel = Render<MissPanel>(p => p.Add(m => m.Miss, null).Add(m => m.Now, Now));

        Assert.Empty(panel.FindAll("[data-testid=miss]"));
    }

    IRenderedComponent<MissPanel> Render(MissExplanation miss) => Render<MissPanel>(p => p.Add(m => m.Miss, miss).Add(m => m.Now, Now));

    static string Normalized(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
