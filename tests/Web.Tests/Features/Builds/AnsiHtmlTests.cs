using BuildFarm.Web.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Builds;

public class AnsiHtmlTests
{
    static string Render(string text) => new AnsiHtml().Render(text);

    [Fact]
    public void Should_render_sgr_colours_as_spans_with_classes_instead_of_escape_codes()
    {
        var html = Render("\u001b[31merror:\u001b[0m could not build");

        Assert.Equal("<span class=\"ansi-fg-red\">error:</span> could not build", html);
    }

    [Fact]
    public void Should_show_html_in_the_log_as_text()
    {
        var html = Render("<script>alert('x')</script> & \"quotes\" \u001b[1m<b>bold?</b>\u001b[0m");

        Assert.Equal(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; <span class=\"ansi-bold\">&lt;b&gt;bold?&lt;/b&gt;</span>",
            html);
    }

    [Fact]
    public void Should_combine_styles_bright_colours_and_backgrounds_until_reset()
    {
        var html = Render("\u001b[1;93;44mWARN\u001b[22m still coloured\u001b[39;49m plain? no\u001b[m plain");

        Assert.Equal(
            "<span class=\"ansi-fg-bright-yellow ansi-bg-blue ansi-bold\">WARN</span>"
            + "<span class=\"ansi-fg-bright-yellow ansi-bg-blue\"> still coloured</span> plain? no plain",
            html);
    }

    [Fact]
    public void Should_compute_256_colour_and_rgb_codes_into_a_style()
    {
        Assert.Equal("<span style=\"color:#ff8700;\">orange</span>", Render("\u001b[38;5;208morange"));
        Assert.Equal("<span style=\"background-color:#0a141e;\">rgb</span>", Render("\u001b[48;2;10;20;30mrgb"));
        Assert.Equal("<span class=\"ansi-fg-bright-red\">palette</span>", Render("\u001b[38;5;9mpalette"));
        Assert.Equal("<span style=\"color:#8a8a8a;\">grey</span>", Render("\u001b[38;5;245mgrey"));
    }

    [Fact]
    public void Should_drop_escape_sequences_that_are_not_colours()
    {
        var html = Render("\u001b]0;window title\u0007Downloading\u001b[2K\u001b[1G 50%\u0008\u001b(B done\u001b");

        Assert.Equal("Downloading 50% done", html);
    }

    [Fact]
    public void Should_carry_the_style_from_one_batch_to_the_next_as_a_terminal_does()
    {
        var ansi = new AnsiHtml();

        var first = ansi.Render("\u001b[32mCollecting torch\n");
        var second = ansi.Render("Collecting numpy\u001b[0m\nDone");

        Assert.Equal("<span class=\"ansi-fg-green\">Collecting torch\n</span>", first);
        Assert.Equal("<span class=\"ansi-fg-green\">Collecting numpy</span>\nDone", second);
    }
}
