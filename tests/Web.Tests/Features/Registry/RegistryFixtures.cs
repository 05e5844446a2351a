using BuildFarm.Web.Features.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildFarm.Web.Tests.Features.Registry;

/// <summary>An open registry shared by one test class; each test pushes to its own repository.</summary>
public sealed class OpenRegistryFixture : IAsyncLifetime
{
    public RegistryProcess Registry { get; private set; } = null!;
    public RegistryPusher Pusher { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await RegistryProcess.StartAsync();
        Pusher = new RegistryPusher(Registry.BaseUri);
    }

    public async Task DisposeAsync() => await Registry.DisposeAsync();
}

/// <summary>A registry that wants bearer tokens from a token service the test hosts.</summary>
public sealed class TokenRegistryFixture : IAsyncLifetime
{
    public TokenServer Tokens { get; } = new();
    public RegistryProcess Registry { get; private set; } = null!;
    public RegistryPusher Pusher { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await RegistryProcess.StartAsync(Tokens.RegistryAuthYaml);
        Pusher = new RegistryPusher(Registry.BaseUri,
            repository => new("Bearer", Tokens.Mint("pusher", repository, "pull", "push")));
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Tokens.DisposeAsync();
    }
}

/// <summary>A registry behind htpasswd (Basic) auth with the committed test account.</summary>
public sealed class BasicRegistryFixture : IAsyncLifetime
{
    // bcrypt is the only hash distribution's htpasswd accepts. Made with
    //   python3 -c "import crypt; print(crypt.crypt('farm-basic-password', crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32)))"
    // (what `htpasswd -nbB -C 5 farm farm-basic-password` writes, had apache2-utils been installed); cost 5 because
    // the registry checks the hash on every request and this is a test password.
    public const string User = "farm";
    public const string Password = "farm-basic-password";
    public const string HtpasswdLine = "farm:$2b$05$EptMfhKHlpOA9rsNKo4rT.33hkLbfdAN5ay2PxhsMk6tISxdCqXbO";

    private readonly string _dir = Directory.CreateTempSubdirectory("farm-htpasswd-").FullName;

    public RegistryProcess Registry { get; private set; } = null!;
    public RegistryPusher Pusher { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var file = Path.Combine(_dir, "htpasswd");
        await File.WriteAllTextAsync(file, HtpasswdLine + "\n");
        Registry = await RegistryProcess.StartAsync($"""
            auth:
              htpasswd:
                realm: farm-test
                path: {file}
            """);
        Pusher = new RegistryPusher(Registry.BaseUri, _ => RegistryPusher.Basic(User, Password));
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>Builds the farm's registry types over in-memory configuration, as the host would from appsettings.</summary>
public static class TestRegistries
{
    public static RegistrySettings Settings(params (string Key, string? Value)[] entries) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(entries.Select(e => KeyValuePair.Create(e.Key, e.Value))).Build());

    public static RegistryClient Client(RegistrySettings settings, TimeProvider? clock = null) =>
        new(new HttpClient(), settings, clock ?? TimeProvider.System, NullLogger<RegistryClient>.Instance);

    public static RegistryClient Client(params (string Key, string? Value)[] entries) => Client(Settings(entries));

    public static DigestResolver Resolver(RegistrySettings settings, TimeProvider clock) =>
        new(Client(settings, clock), settings, clock, NullLogger<DigestResolver>.Instance);

    /// <summary>A repository name no other test uses.</summary>
    public static string Repository(string prefix = "farm") => $"{prefix}/test-{Guid.NewGuid():N}"[..(prefix.Length + 17)];
}
