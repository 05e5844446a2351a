using System.Text;
using BuildFarm.Shared.Dockerfiles.Shell;

namespace BuildFarm.Shared.Dockerfiles.Syntax;

internal sealed partial class LogicalLineReader
{
    private void ReadHeredocs(InstructionNode node, string text)
    {
        List<HeredocWord> words;
        try
        {
            words = HeredocWord.FromLine(text);
        }
        catch (ShellSyntaxException e)
        {
            _result.Errors.Add(new DockerfileError(node.StartLine, e.Message));
            return;
        }

        foreach (var word in words)
        {
            var body = new StringBuilder();
            var terminated = false;
            while (NextLine(out var line))
            {
                node.EndLine = line.Number;
                var candidate = _lines.Content(line);
                if (word.Chomp)
                {
                    candidate = candidate.TrimStart('\t');
                }

                if (candidate.SequenceEqual(word.Name))
                {
                    terminated = true;
                    break;
                }

                body.Append(_lines.Whole(line));
            }

            if (!terminated)
            {
                _result.Errors.Add(new DockerfileError(node.StartLine, "unterminated heredoc"));
                return;
            }

            node.Heredocs.Add(new DockerfileHeredoc(word.Name, body.ToString(), word.Expand, word.Chomp, word.FileDescriptor));
        }
    }
}
