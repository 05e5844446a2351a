using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BuildFarm.EndToEnd.Farm;

/// <summary>The farm's REST API as a CI script sees it: JSON over HTTP with the admin token.
/// The records below name only the documented fields, so a renamed field fails here first.</summary>
public sealed class FarmApi(Uri baseAddress, string token) : IDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    readonly HttpClient http = new()
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    /// <summary>Adds a person (the admin's token is the one that may), answering their id.</summary>
    public async Task<string> AddPersonAsync(string email, string role, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/users", new { email, role, password }, Json);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST /api/users answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The same API as another person, with their own token.</summary>
    public async Task<FarmApi> AsAsync(string userId)
    {
        using var response = await http.PostAsJsonAsync($"/api/users/{userId}/tokens", new { name = "end-to-end" }, Json);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST /api/users/{userId}/tokens answered {(int)response.StatusCode}: {body}");
        return new FarmApi(baseAddress, JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!);
    }

    /// <summary>The raw answer, for tests about refusals.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object body) => http.PostAsJsonAsync(path, body, Json);

    public async Task<Guid> SubmitAsync(object request)
    {
        using var response = await http.PostAsJsonAsync("/api/builds", request, Json);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /api/builds answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<Accepted>(body, Json)!.Id;
    }

    public Task<Guid> SubmitAsync(string repository, string gitRef = "main", bool noCache = false) =>
        SubmitAsync(new { repository, @ref = gitRef, dockerfilePath = "Dockerfile", contextPath = ".", noCache });

    /// <summary>A build only agents carrying every one of <paramref name="requiredLabels"/> may run.</summary>
    public Task<Guid> SubmitAsync(string repository, IReadOnlyDictionary<string, string> requiredLabels) =>
        SubmitAsync(new { repository, @ref = "main", dockerfilePath = "Dockerfile", contextPath = ".", requiredLabels });

    public async Task<BuildJson> BuildAsync(Guid id) =>
        (await http.GetFromJsonAsync<BuildJson>($"/api/builds/{id}", Json))!;

    /// <summary>Any JSON answer of the API, as it came: for fields the records here do not name.</summary>
    public async Task<JsonElement> JsonAsync(string path) =>
        await http.GetFromJsonAsync<JsonElement>(path, Json);

    /// <summary>A dashboard page's HTML as the server renders it.</summary>
    public Task<string> PageAsync(string path) => http.GetStringAsync(path);

    public async Task<List<AgentJson>> AgentsAsync() =>
        (await http.GetFromJsonAsync<List<AgentJson>>("/api/agents", Json))!;

    /// <summary>Waits until the build meets the condition; a build that ends without meeting it fails at once.</summary>
    public async Task<BuildJson> WaitForAsync(Guid id, Func<BuildJson, bool> condition, string what, TimeSpan? timeout = null)
    {
        var build = await Eventually.Until(() => BuildAsync(id), b => condition(b) || IsFinal(b), timeout ?? BuildTimeout,
            last => $"build {id} never {what}; last seen: {Describe(last)}");
        return condition(build) ? build : throw new InvalidOperationException($"build {id} ended before it {what}: {Describe(build)}");
    }

    /// <summary>POSTs without a body and returns the JSON answer, failing on any status but 200.</summary>
    public async Task<JsonElement> PostAsync(string path)
    {
        using var response = await http.PostAsync(path, null);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body, Json);
    }

    /// <summary>Any call of the API with a JSON body (or none), answered as it came: status and body text.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task CancelAsync(Guid id)
    {
        using var response = await http.PostAsync($"/api/builds/{id}/cancel", null);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/builds/{id}/cancel answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The build's whole stored log, every attempt's steps in order.</summary>
    /// <summary>Any GET of the API as JSON, for endpoints without a record here (the insights).</summary>
    public async Task<JsonElement> GetJsonAsync(string path) => await http.GetFromJsonAsync<JsonElement>(path, Json);

    public Task<string> LogAsync(Guid id) => http.GetStringAsync($"/api/builds/{id}/log");

    public Task<BuildJson> WaitForFinishAsync(Guid id, TimeSpan? timeout = null) =>
        WaitForAsync(id, IsFinal, "finished", timeout);

    static bool IsFinal(BuildJson build) => build.Status is "succeeded" or "failed" or "cancelled";

    public static string Describe(BuildJson? build) => build is null
        ? "nothing"
        : $"{build.Status} on {build.Agent ?? "no agent"}{(build.Error is null ? "" : $", error: {build.Error}")}; steps: " +
          string.Join("; ", build.Steps.Select(s => $"{s.Index} {s.Instruction} [{s.Status}{(s.Cached ? ", cached" : "")}]"));

    public void Dispose() => http.Dispose();

    sealed record Accepted(Guid Id);
}

public sealed record BuildJson(
    Guid Id,
    string Status,
    string? Agent,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    string? ImageId,
    string? Error,
    List<StepJson> Steps,
    PredictionJson? Prediction = null,
    string? WaitingReason = null,
    int Attempt = 0,
    List<EventJson>? Events = null,
    List<AttemptJson>? Attempts = null,
    bool Release = false,
    List<PinJson>? Pins = null,
    MissJson? Miss = null,
    List<PlannedStepJson>? Plan = null);

/// <summary>A release build's base, pinned to the digest its tag named at submit.</summary>
public sealed record PinJson(string Reference, string Digest);

/// <summary>Why the build missed the cache, against the previous successful build of the same Dockerfile.</summary>
public sealed record MissJson(
    string Cause, MissedStepJson? FirstMissedStep, Guid? ComparedWith, string Detail, List<string> Files, double SecondsLost,
    BaseMoveJson? Base = null);

public sealed record MissedStepJson(int Index, string Instruction);

public sealed record BaseMoveJson(string Reference, string? OldDigest, string? NewDigest, DateTimeOffset? SeenAt);

/// <summary>One step of the build's plan, listed from submit with its predicted time.</summary>
public sealed record PlannedStepJson(string Key, string Stage, string Instruction, double PredictedSeconds, bool ExpectedCached);

/// <summary>One placement of a build: where it ran and how it ended ("lost" to the infrastructure, say, with why).</summary>
public sealed record AttemptJson(int Number, string Agent, string? AgentName, string Outcome, string? Reason);

public sealed record EventJson(DateTimeOffset At, string Status, string Message);

/// <summary>Placement's prediction scored against BuildKit, once the build ended.</summary>
public sealed record PredictionJson(int Predicted, int? Hits, int? FalseHits, int? Misses);

public sealed record StepJson(int Index, string? Stage, string Instruction, bool Cached, long? DurationMs, string Status);

public sealed record AgentJson(
    string Id,
    string Name,
    string Status,
    List<GpuJson> Gpus,
    string? DriverVersion,
    string? CudaVersion,
    string? DockerVersion,
    long CacheBytes,
    DateTimeOffset LastHeartbeatAt,
    string? DockerError = null,
    string? DockerHost = null);

public sealed record GpuJson(string Name, string Uuid, long MemoryMiB);
