using System.Text.Json;
using System.Text.RegularExpressions;

namespace BuildFarm.Web.Features.Api;

/// <summary>Turns what System.Text.Json threw into the field it concerns and a sentence a person can act on.</summary>
static partial class JsonProblem
{
    public static (string Field, string Sentence) Describe(JsonException e)
    {
        if (UnmappedProperty().Match(e.Message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups[1].Value;
            return (name, $"Field '{name}' is not a field of this request: check its spelling.");
        }

        var field = TopField(e.Path);
        if (Conversion().Match(e.Message) is { Success: true } conversion)
            return (field, Expected(conversion.Groups[1].Value) is { } expected
                ? $"Field '{field}' has the wrong type: it must be {expected}."
                : $"Field '{field}' has the wrong type for this request.");

        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        return (field, field == "body"
            ? $"The request body is not a valid JSON object{where}."
            : $"Field '{field}' is not valid JSON{where}.");
    }

    // "$.buildArgs.CUDA" and "$.tags[2]" both concern the top-level field the client wrote.
    static string TopField(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal)
            ? path[2..].Split('.', '[')[0]
            : path is { Length: > 3 } && path.StartsWith("$['", StringComparison.Ordinal) ? path[3..].Split('\'')[0] : "body";

    // The type as the message names it; for a record's constructor parameter the message names the record, not the
    // parameter's type, and then all that can be said is that the type is wrong.
    static string? Expected(string type) => type switch
    {
        _ when type.Contains("Dictionary") => "an object of string values",
        _ when type.Contains("List") || type.Contains("[]") => "an array of strings",
        _ when type.Contains("Boolean") => "true or false",
        _ when type.Contains("Int32") || type.Contains("Int64") => "a whole number",
        _ when type.Contains("String") => "a string",
        _ => null,
    };

    [GeneratedRegex(@"^The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"^The JSON value could not be converted to (.+?)\. Path")]
    private static partial Regex Conversion();
}
