using BuildFarm.Shared.Dockerfiles.Syntax;

namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>The NAME[=default] words of an ARG line, global or in a stage, before any expansion.</summary>
internal static class ArgDeclarations
{
    public static List<(string Name, string? Value)> Read(InstructionNode node, List<DockerfileError> errors)
    {
        var declarations = new List<(string, string?)>();
        if (node.Args.Count == 0)
        {
            errors.Add(new(node.StartLine, "ARG requires at least one argument"));
        }

        foreach (var word in node.Args)
        {
            var eq = word.IndexOf('=');
            var name = eq < 0 ? word : word[..eq];
            if (name.Length == 0)
            {
                errors.Add(new(node.StartLine, "ARG names can not be blank"));
                continue;
            }

            declarations.Add((name, eq < 0 ? null : word[(eq + 1)..]));
        }

        return declarations;
    }
}
