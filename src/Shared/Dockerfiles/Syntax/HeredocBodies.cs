using System.Text;
using BuildFarm.Shared.Dockerfiles.Shell;

namespace BuildFarm.Shared.Dockerfiles.Syntax;

/// <summary>
/// Reads the bodies of the heredocs an instruction line opens, in order, from the lines after it: each runs up to
/// the line that is exactly its delimiter (after leading tabs for &lt;&lt;-), with its line endings kept.
/// </summary>
internal static class HeredocBodies
{
    public static void Read(InstructionNode node, string text, LineScanner lines, List<DockerfileError> errors)
    {
        List<HeredocWord> words;
        try
        {
            words = HeredocWord.FromLine(text);
        }
        catch (ShellSyntaxException e)
        {
            errors.Add(new DockerfileError(node.StartLine, e.Message));
            return;
        }

        foreach (var word in words)
        {
            var body = new StringBuilder();
            var terminated = false;
            while (lines.Next(out var line))
            {
                node.EndLine = line.Number;
                var candidate = lines.Content(line);
                if (word.Chomp)
                {
                    candidate = candidate.TrimStart('\t');
                }

                if (candidate.SequenceEqual(word.Name))
                {
                    terminated = true;
                    break;
                }

                body.Append(lines.Whole(line));
            }

            if (!terminated)
            {
                errors.Add(new DockerfileError(node.StartLine, "unterminated heredoc"));
                return;
            }

            node.Heredocs.Add(new DockerfileHeredoc(word.Name, body.ToString(), word.Expand, word.Chomp, word.FileDescriptor));
        }
    }
}
