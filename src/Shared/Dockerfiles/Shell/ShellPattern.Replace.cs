using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Shell;

internal sealed partial class ShellPattern
{
    /// <summary>Replaces the leftmost-longest match (or every non-overlapping match) with the replacement.</summary>
    public string Replace(string value, string replacement, bool all)
    {
        var result = new StringBuilder(value.Length);
        var copied = 0;
        var searchFrom = 0;
        while (searchFrom <= value.Length && FindLeftmostLongest(value, searchFrom) is var (start, end) && start >= 0)
        {
            result.Append(value, copied, start - copied);
            // Like Go's ReplaceAllString: an empty match right after the previous match is not replaced again.
            if (end > copied || start == 0)
            {
                result.Append(replacement);
            }

            copied = end;
            searchFrom = end > start ? end : end + 1;
            if (!all)
            {
                break;
            }
        }

        return result.Append(value, copied, value.Length - copied).ToString();
    }
}
