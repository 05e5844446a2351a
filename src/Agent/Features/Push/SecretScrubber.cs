using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BuildFarm.Shared.Secrets;

namespace BuildFarm.Agent.Features.Push;

/// <summary>
/// Masks a build's registry passwords in every text the agent reports for it: step output (a step that prints a
/// mounted token), instructions, errors. Each password is masked in the forms a program is likely to print it: as is,
/// JSON-escaped (by strict and by relaxed encoders), and inside the base64 of "user:password" (a Basic authorization
/// header, a docker config's "auth" field).
/// </summary>
/// <remarks>Text is matched after the agent assembled whole lines, so a password split across two of BuildKit's
/// output chunks is still masked; one split by the 16 Ki-character cut of an endless line is not.</remarks>
public sealed class SecretScrubber
{
    public const string Mask = "***";

    public static readonly SecretScrubber None = new([]);

    // Longest first: a form that contains another is masked whole, not left with a tail showing.
    readonly string[] _forms;

    public SecretScrubber(IEnumerable<RegistryLogin> logins)
    {
        _forms = logins.Where(l => l.Password.Length > 0)
            .SelectMany(Forms)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length)
            .ToArray();
    }

    public bool IsEmpty => _forms.Length == 0;

    public string Scrub(string text)
    {
        foreach (var form in _forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
                text = text.Replace(form, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    public string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);

    static IEnumerable<string> Forms(RegistryLogin login)
    {
        var password = login.Password;
        yield return password;
        yield return JsonEncodedText.Encode(password).Value;
        yield return JsonEncodedText.Encode(password, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{password}"));
        yield return basic;
        yield return basic.TrimEnd('=');
        yield return basic.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
