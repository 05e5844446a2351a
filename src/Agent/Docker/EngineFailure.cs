using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;

namespace BuildFarm.Agent.Docker;

/// <summary>Turns what Docker.DotNet and its transport throw into a <see cref="DockerEngineException"/> a user can act
/// on: the engine's own words when it refused, or which engine did not answer and why.</summary>
internal static class EngineFailure
{
    /// <returns>Null for what is not an engine failure, above all a cancellation the caller asked for.</returns>
    public static DockerEngineException? From(string host, Exception e, CancellationToken ct, TimeSpan timeout) => e switch
    {
        DockerEngineException => null,
        OperationCanceledException or IOException when ct.IsCancellationRequested => null,
        DockerApiException refused => Refused(host, (int)refused.StatusCode, refused.ResponseBody, refused),
        OperationCanceledException => new($"Docker engine at {host} is not answering: no reply within {timeout}", inner: e),
        HttpRequestException or SocketException or IOException => NotAnswering(host, e),
        AggregateException when Find<SocketException>(e) is not null => NotAnswering(host, e),
        _ => null,
    };

    public static DockerEngineException Refused(string host, int status, string? body, Exception? inner = null)
    {
        try
        {
            if (body is { Length: > 0 } && JsonDocument.Parse(body).RootElement.TryGetProperty("message", out var message)
                && message.GetString() is { Length: > 0 } text)
                return new DockerEngineException(text, status, inner);
        }
        catch (JsonException)
        {
        }
        return new DockerEngineException($"Docker engine at {host} answered {status}: {body?.Trim()}", status, inner);
    }

    static DockerEngineException NotAnswering(string host, Exception e)
    {
        var reason = Find<SocketException>(e)?.Message ?? e.Message;
        // The unix transport reports a socket file that is not there as "cannot assign requested address".
        if (host.StartsWith("unix://", StringComparison.Ordinal) && host["unix://".Length..] is var path && !File.Exists(path))
            reason = $"there is no socket at {path}";
        if (reason.Length > 0)
            reason = char.ToLowerInvariant(reason[0]) + reason[1..];
        return new DockerEngineException($"Docker engine at {host} is not answering: {reason}", inner: e);
    }

    static T? Find<T>(Exception? e) where T : Exception => e switch
    {
        null => null,
        T found => found,
        AggregateException all => all.InnerExceptions.Select(Find<T>).FirstOrDefault(found => found is not null),
        _ => Find<T>(e.InnerException),
    };
}
