namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>Text rules dockerfile2llb applies to every step, whatever its keyword.</summary>
internal static class StepText
{
    /// <summary>dockerfile2llb uppercaseCmd: upper-cases everything before the first space.</summary>
    public static string UppercaseCommand(string text)
    {
        var space = text.IndexOf(' ');
        return space < 0 ? text.ToUpperInvariant() : text[..space].ToUpperInvariant() + text[space..];
    }

    /// <summary>parser.ChompHeredocContent: drop the leading tabs of every line of a &lt;&lt;- document.</summary>
    public static string Chomp(DockerfileHeredoc heredoc)
    {
        if (!heredoc.Chomp)
        {
            return heredoc.Content;
        }

        var lines = heredoc.Content.Split('\n');
        return string.Join('\n', lines.Select(l => l.TrimStart('\t')));
    }
}
