using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace BuildFarm.Cli.Features.Builds;

/// <summary>The farm's REST API, with every failure turned into a <see cref="CliException"/> that says what to do.</summary>
sealed class FarmApi(HttpClient http) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri Server => http.BaseAddress!;

    public async Task<AcceptedBuild> SubmitAsync(SubmitBody body, CancellationToken ct) =>
        await ReadAsync<AcceptedBuild>(await SendAsync(() => http.PostAsJsonAsync("api/builds", body, Json, ct), "submit the build"), ct);

    public async Task<BuildView> GetAsync(Guid id, CancellationToken ct) =>
        await ReadAsync<BuildView>(await SendAsync(() => http.GetAsync($"api/builds/{id}", ct), $"read build {id}"), ct);

    public async Task<string> GetJsonAsync(Guid id, CancellationToken ct) =>
        await (await SendAsync(() => http.GetAsync($"api/builds/{id}", ct), $"read build {id}")).Content.ReadAsStringAsync(ct);

    public async Task<AcceptedBuild> CancelAsync(Guid id, CancellationToken ct) =>
        await ReadAsync<AcceptedBuild>(await SendAsync(() => http.PostAsync($"api/builds/{id}/cancel", null, ct), $"cancel build {id}"), ct);

    public string BuildPage(Guid id) => new Uri(Server, $"builds/{id}").ToString();

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, string what)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException e)
        {
            var why = e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                ? "connection refused. Is the farm running there? Check --server or FARM_SERVER."
                : e.Message;
            throw new CliException(ExitCodes.Unreachable, $"farmctl: cannot reach the farm at {Server}: {why}");
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new CliException(ExitCodes.Unreachable, $"farmctl: the farm at {Server} did not answer in time.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        throw await RefusalAsync(response, what);
    }

    private static async Task<CliException> RefusalAsync(HttpResponseMessage response, string what)
    {
        var problem = await ProblemAsync(response);
        var status = (int)response.StatusCode;
        var detail = problem?.Detail is { Length: > 0 } d ? " " + d : "";
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                return new CliException(ExitCodes.Failed,
                    $"farmctl: the farm refused the token (401): {problem?.Title ?? "unauthorized"}{detail}",
                    "Pass the token from admin.token in the farm's data folder with --token-file, --token or FARM_TOKEN.");
            case HttpStatusCode.BadRequest when problem?.Errors is { Count: > 0 } errors:
                return new CliException(ExitCodes.Failed,
                    [$"farmctl: the farm refused the request: {problem.Title ?? "invalid"}",
                     .. errors.SelectMany(e => e.Value.Select(message => $"  {e.Key}: {message}"))]);
            case HttpStatusCode.NotFound:
                return new CliException(ExitCodes.Failed, $"farmctl: cannot {what}: the farm has no such build (404).");
            case >= HttpStatusCode.InternalServerError:
                return new CliException(ExitCodes.Unreachable, $"farmctl: cannot {what}: the farm answered {status} {problem?.Title ?? response.ReasonPhrase}{detail}");
            default:
                return new CliException(ExitCodes.Failed, $"farmctl: cannot {what}: the farm answered {status} {problem?.Title ?? response.ReasonPhrase}{detail}");
        }
    }

    private static async Task<Problem?> ProblemAsync(HttpResponseMessage response)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<Problem>(Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct)
                   ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"farmctl: the farm's answer could not be read: {e.Message}");
        }
    }
}
