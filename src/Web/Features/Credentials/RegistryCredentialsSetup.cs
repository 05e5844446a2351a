using BuildFarm.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace BuildFarm.Web.Features.Credentials;

public static class RegistryCredentialsSetup
{
    /// <summary>Where Data Protection keeps its keys, under the farm's data folder: a database restored without this
    /// folder holds credentials nobody can open (admins save them again), and one copied without it leaks none.</summary>
    public const string KeysFolder = "keys";

    /// <summary>Registry credentials: their encryption, the admin's service, and Web's answer to agents asking for them.</summary>
    public static IHostApplicationBuilder AddRegistryCredentials(this IHostApplicationBuilder builder)
    {
        var keys = Directory.CreateDirectory(Path.Combine(FarmPaths.DataDir(builder.Configuration), KeysFolder));
        // The keys open every stored password: only the farm's own user may read them. (On Linux they are kept as plain
        // XML, as Data Protection does without a key-encryption certificate; the folder's mode is their protection.)
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // One application name for every Web process of a farm, so any of them opens what another protected.
        builder.Services.AddDataProtection().PersistKeysToFileSystem(keys).SetApplicationName("BuildFarm");
        builder.Services.AddSingleton<CredentialCipher>();
        builder.Services.AddScoped<RegistryCredentials>();
        // A shared queue, not one per Web process: any Web with the keys may answer.
        builder.BusParts().Register(x => x.AddConsumer<GetPushCredentialsConsumer>());
        SignInStandIn.Add(builder.Services);
        return builder;
    }
}
