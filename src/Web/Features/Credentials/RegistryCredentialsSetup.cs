using BuildFarm.Hosting;

namespace BuildFarm.Web.Features.Credentials;

public static class RegistryCredentialsSetup
{
    /// <summary>Registry credentials: their encryption (Data Protection, set up with sign-in in IdentitySetup), the
    /// admin's service, and Web's answer to agents asking for them.</summary>
    public static IHostApplicationBuilder AddRegistryCredentials(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CredentialCipher>();
        builder.Services.AddScoped<RegistryCredentials>();
        // A shared queue, not one per Web process: any Web with the keys may answer.
        builder.BusParts().Register(x => x.AddConsumer<GetPushCredentialsConsumer>());
        return builder;
    }
}
