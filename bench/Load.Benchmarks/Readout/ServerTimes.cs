using System.Globalization;
using System.Text.RegularExpressions;

namespace BuildFarm.Load.Benchmarks.Readout;

/// <summary>
/// Web's own time for each page sample, from its request log: ASP.NET Core's hosting diagnostics log every request's
/// end at Information ("Request finished HTTP/1.1 GET http://…/builds?sample=12 - 200 … 23.4567ms"), timed from the
/// request's headers being read to the response's end. The issue asks for the pages' server times; the client's own
/// time adds its wait for a core on the same loaded host, and the report shows both.
/// </summary>
static partial class ServerTimes
{
    /// <summary>Off in the farm's settings (Microsoft.AspNetCore at Warning): the bench turns on this one category.</summary>
    public const string LogCategory = "Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Sample id → Web's milliseconds.</summary>
    public static IReadOnlyDictionary<int, double> Read(string webLog)
    {
        var times = new Dictionary<int, double>();
        foreach (Match m in Finished().Matches(webLog))
            times[int.Parse(m.Groups["id"].Value)] = double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture);
        return times;
    }

    [GeneratedRegex(@"Request finished \S+ GET \S*[?&]sample=(?<id>\d+)\S* - \d+ .*?(?<ms>[0-9.]+)ms\s*$", RegexOptions.Multiline)]
    private static partial Regex Finished();
}
