using System.Net.Http.Headers;
using System.Text;

namespace BuildFarm.Web.Features.Registry;

/// <summary>One WWW-Authenticate challenge: its scheme and its auth-params (RFC 7235 section 2.1).</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>The challenges of a 401, Bearer first: a registry may offer several and Bearer is the one that scopes access.</summary>
    public static IReadOnlyList<AuthChallenge> From(HttpResponseMessage response) =>
        response.Headers.WwwAuthenticate
            .Select(h => new AuthChallenge(h.Scheme, ParseParameters(h.Parameter)))
            .OrderBy(c => c.IsBearer ? 0 : 1)
            .ToList();

    public static AuthChallenge Parse(string header)
    {
        var value = AuthenticationHeaderValue.Parse(header);
        return new AuthChallenge(value.Scheme, ParseParameters(value.Parameter));
    }

    /// <summary>
    /// auth-param = token "=" ( token / quoted-string ), comma separated. The token spec's example
    /// (realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push")
    /// shows why a naive split on ',' is wrong: scopes carry commas inside their quotes.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseParameters(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (text is not null && i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var name = text[nameStart..i];
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var value = i < text.Length && text[i] == '"' ? ReadQuoted(text, ref i) : ReadToken(text, ref i);
            if (name.Length > 0)
            {
                result[name] = value;
            }
        }

        return result;
    }

    private static string ReadQuoted(string text, ref int i)
    {
        var value = new StringBuilder();
        for (i++; i < text.Length && text[i] != '"'; i++)
        {
            // quoted-pair: a backslash escapes the next character.
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            value.Append(text[i]);
        }

        i++;
        return value.ToString();
    }

    private static string ReadToken(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && text[i] != ',')
        {
            i++;
        }

        return text[start..i].Trim();
    }
}
