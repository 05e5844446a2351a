using System.Text.RegularExpressions;

namespace BuildFarm.Shared.References;

/// <summary>
/// The productions of the distribution reference grammar
/// (https://github.com/distribution/reference/blob/main/regexp.go), anchored, ASCII only as in Go's RE2.
/// </summary>
internal static partial class ReferenceGrammar
{
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Host = $@"(?:{DomainComponent}(?:\.{DomainComponent})*|\[(?:[a-fA-F0-9:]+)\])";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    /// <summary>distribution's NameTotalLengthMax, applied (as Docker 20.10 did) to the normalized name.</summary>
    public const int NameTotalLengthMax = 255;

    [GeneratedRegex($@"^{Host}(?::[0-9]+)?\z")]
    public static partial Regex DomainAndPort();

    [GeneratedRegex($@"^{PathComponent}\z")]
    public static partial Regex PathComponentRegex();

    [GeneratedRegex($@"^{Tag}\z")]
    public static partial Regex TagRegex();

    [GeneratedRegex($@"^{Digest}\z")]
    public static partial Regex DigestRegex();

    // An image ID: never accepted as a repository name (ParseNormalizedNamed).
    [GeneratedRegex(@"^[a-f0-9]{64}\z")]
    public static partial Regex Identifier();

    // The whole ReferenceRegexp, kept as a backstop over the step-by-step checks that produce the messages.
    [GeneratedRegex($@"^(?:{Host}(?::[0-9]+)?/)?{PathComponent}(?:/{PathComponent})*(?::{Tag})?(?:@{Digest})?\z")]
    public static partial Regex Reference();

    /// <summary>go-digest's registered algorithms and the exact lowercase-hex length each requires.</summary>
    public static readonly IReadOnlyDictionary<string, int> DigestHexLengths =
        new Dictionary<string, int> { ["sha256"] = 64, ["sha384"] = 96, ["sha512"] = 128 };
}
