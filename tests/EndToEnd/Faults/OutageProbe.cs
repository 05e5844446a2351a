using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.EndToEnd.Farm;

namespace BuildFarm.EndToEnd.Faults;

/// <summary>Asks the farm's API and pages during an outage the way a script and a person would, and keeps how long
/// each answer took and what it said.</summary>
public sealed class OutageProbe(FarmFixture farm) : IDisposable
{
    /// <summary>A request that waits longer than this on a database that is away counts as hanging.</summary>
    public static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);

    readonly HttpClient http = new()
    {
        BaseAddress = farm.WebUrl,
        // Longer than AtOnce, so a hang is measured and reported rather than cut short.
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders =
        {
            Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(farm.DataDir, "admin.token")).Trim()),
        },
    };

    public List<(string Request, HttpStatusCode Status, TimeSpan Took)> Answers { get; } = [];

    public TimeSpan Slowest => Answers.Count == 0 ? TimeSpan.Zero : Answers.Max(a => a.Took);

    /// <summary>Sends a request and returns its status and body; the time it took is kept.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, object? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        var watch = Stopwatch.StartNew();
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Answers.Add(($"{method} {path}", response.StatusCode, watch.Elapsed));
        return (response.StatusCode, body, response);
    }

    /// <summary>Asserts an answer is the outage's: 503 with Retry-After, the problem's title, and a detail naming the
    /// database, not a 500 with a stack trace.</summary>
    public static void AssertApiOutage((HttpStatusCode Status, string Body, HttpResponseMessage Response) answer, string where)
    {
        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"{answer.Status}: {answer.Body}");
        Assert.NotNull(answer.Response.Headers.RetryAfter);
        var problem = JsonSerializer.Deserialize<JsonElement>(answer.Body);
        Assert.Equal("The farm's database is not answering.", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"The farm's database ({where}", detail);
        Assert.DoesNotContain("   at ", detail);
    }

    /// <summary>Asserts a page is the outage's error page: 503, the sentence naming the database, no stack trace.</summary>
    public static void AssertPageOutage((HttpStatusCode Status, string Body, HttpResponseMessage Response) answer, string where)
    {
        var html = WebUtility.HtmlDecode(answer.Body);
        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"{answer.Status}: {html}");
        Assert.Contains("The farm's database is not answering.", html);
        Assert.Contains($"The farm's database ({where}", html);
        Assert.DoesNotContain("   at ", html);
    }

    public string Describe() => string.Join("\n", Answers.Select(a => $"  {a.Request} → {(int)a.Status} in {a.Took.TotalMilliseconds:0} ms"));

    public void Dispose() => http.Dispose();
}
