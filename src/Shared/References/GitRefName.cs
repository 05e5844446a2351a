namespace BuildFarm.Shared.References;

/// <summary>
/// Branch, tag or commit names as <c>git check-ref-format --allow-onelevel</c> accepts them
/// (https://git-scm.com/docs/git-check-ref-format), plus no leading '-' so a ref can never read as an option.
/// </summary>
public static class GitRefName
{
    private const string Forbidden = " ~^:?*[\\";

    /// <summary>What is wrong with a ref name, or null when git would accept it.</summary>
    /// <param name="name">A branch, tag, full ref ("refs/heads/main") or commit id.</param>
    /// <returns>A clause naming the problem, without a final period; null when the name is valid.</returns>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name[0] == '-')
        {
            return "it must not start with '-'";
        }

        // Nullable, so a NUL (which is also char's default) is found rather than read as "none".
        if (name.Where(c => c < 0x20 || c == 0x7F).Select(c => (char?)c).FirstOrDefault() is { } control)
        {
            return $"it contains the control character U+{(int)control:X4}";
        }

        if (name.FirstOrDefault(c => Forbidden.Contains(c)) is var bad && bad != default)
        {
            return bad == ' ' ? "it contains a space" : $"it contains '{bad}'";
        }

        if (name.Contains(".."))
        {
            return "it contains '..'";
        }

        if (name.Contains("@{") || name == "@")
        {
            return name == "@" ? "'@' alone is not a ref name" : "it contains '@{'";
        }

        if (name[0] == '/' || name[^1] == '/' || name.Contains("//"))
        {
            return "it must not start or end with '/' or contain '//'";
        }

        if (name[^1] == '.')
        {
            return "it must not end with '.'";
        }

        foreach (var component in name.Split('/'))
        {
            if (component[0] == '.')
            {
                return $"component '{component}' must not start with '.'";
            }

            if (component.EndsWith(".lock", StringComparison.Ordinal))
            {
                return $"component '{component}' must not end with '.lock'";
            }
        }

        return null;
    }
}
