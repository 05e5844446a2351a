using System.Text.Json;
using BuildFarm.Agent.Docker;
using BuildFarm.Agent.Protos.BuildKit;

namespace BuildFarm.Agent.Features.Builds;

/// <summary>Reads the three kinds of <c>POST /build</c> lines the farm cares about: BuildKit progress, the built
/// image's id, and the build's failure.</summary>
public static class BuildTrace
{
    /// <summary>The BuildKit progress in a <c>{"id":"moby.buildkit.trace","aux":"&lt;base64 StatusResponse&gt;"}</c> line.</summary>
    public static StatusResponse? Status(BuildMessage message) =>
        message is { Id: "moby.buildkit.trace", Aux: { ValueKind: JsonValueKind.String } aux }
            ? StatusResponse.Parser.ParseFrom(Convert.FromBase64String(aux.GetString()!))
            : null;

    /// <summary>The image id in <c>{"id":"moby.image.id","aux":{"ID":"sha256:..."}}</c>.</summary>
    public static string? ImageId(BuildMessage message) =>
        message is { Id: "moby.image.id", Aux: { ValueKind: JsonValueKind.Object } aux } && aux.TryGetProperty("ID", out var id)
            ? id.GetString()
            : null;

    /// <summary>The engine's own text for a failed build.</summary>
    public static string? Error(BuildMessage message) => message.ErrorDetail?.Message ?? message.Error;
}
