using System.CommandLine;
using System.Net.Http.Headers;

namespace BuildFarm.Cli.Features.Builds;

/// <summary>The options every API command shares, and the client they make: --server (or FARM_SERVER) and the admin
/// token from --token, --token-file or FARM_TOKEN.</summary>
sealed class FarmConnection
{
    public Option<string?> Server { get; } = new("--server") { Description = "The farm's URL, e.g. http://farm:8080 (default: FARM_SERVER)." };
    public Option<string?> Token { get; } = new("--token") { Description = "The API token (default: FARM_TOKEN)." };
    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "A file holding the API token, e.g. the farm's admin.token." };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
        command.Options.Add(TokenFile);
    }

    public FarmApi Open(ParseResult result, CliContext context)
    {
        var server = Url(result.GetValue(Server) ?? context.Environment("FARM_SERVER"));
        var token = ReadToken(result, context);
        var handler = context.Handler ?? new SocketsHttpHandler();
        var http = new HttpClient(handler, disposeHandler: context.Handler is null)
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(100),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("farmctl", "1.0"));
        return new FarmApi(http);
    }

    private static Uri Url(string? server)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new CliException(ExitCodes.BadInput, "farmctl: no farm given: pass --server URL or set FARM_SERVER.");
        }

        // The API lives under the server's path, so the base must end in '/' for relative paths to stay beneath it.
        var text = server.Trim().TrimEnd('/') + "/";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.BadInput, $"farmctl: --server '{server}' is not an http(s) URL.");
        }

        return uri;
    }

    private string ReadToken(ParseResult result, CliContext context)
    {
        var token = result.GetValue(Token);
        if (token is null && result.GetValue(TokenFile) is { } file)
        {
            try
            {
                token = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new CliException(ExitCodes.BadInput, $"farmctl: cannot read token file '{file}': {e.Message}");
            }
        }

        token = (token ?? context.Environment("FARM_TOKEN"))?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            throw new CliException(ExitCodes.BadInput,
                "farmctl: no API token: pass --token-file PATH (the farm's admin.token), --token T, or set FARM_TOKEN.");
        }

        return token;
    }
}
