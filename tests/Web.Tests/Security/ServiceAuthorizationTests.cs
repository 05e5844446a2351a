using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Contracts;
using BuildFarm.Shared.People;
using BuildFarm.Web.Features.Agents;
using BuildFarm.Web.Features.Alerts;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Features.People;
using BuildFarm.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace BuildFarm.Web.Tests.Security;

/// <summary>
/// Every action a dashboard button takes, called the way the button calls it: straight on the service, over the
/// circuit, where no route policy runs. Each checks the caller itself, so a forged circuit message or a stale page
/// of someone since demoted changes nothing.
/// </summary>
[Collection(WebCollection.Name)]
public class ServiceAuthorizationTests(WebFixture web)
{
    static readonly Dictionary<string, (string Least, Func<IServiceProvider, ClaimsPrincipal, Task> Act)> Actions = new()
    {
        ["queue a build"] = (FarmRoles.Member, (s, u) => s.GetRequiredService<BuildSubmission>()
            .SubmitAsync(u, new BuildSpec("", "main", "Dockerfile", ".", null, new Dictionary<string, string>(), [], false, false, null), "a test", CancellationToken.None)),
        ["cancel a build"] = (FarmRoles.Member, (s, u) => s.GetRequiredService<BuildCancellation>().RequestAsync(u, Guid.NewGuid(), CancellationToken.None)),
        ["approve an agent"] = (FarmRoles.Admin, (s, u) => Db(s).ApplyAsync(u, "no-such-agent", "approve", CancellationToken.None)),
        ["drain an agent"] = (FarmRoles.Admin, (s, u) => Db(s).ApplyAsync(u, "no-such-agent", "drain", CancellationToken.None)),
        ["revoke an agent"] = (FarmRoles.Admin, (s, u) => Db(s).ApplyAsync(u, "no-such-agent", "revoke", CancellationToken.None)),
        ["remove an agent"] = (FarmRoles.Admin, (s, u) => Db(s).RemoveAsync(u, "no-such-agent", CancellationToken.None)),
        ["mark an alert read"] = (FarmRoles.Admin, (s, u) => Db(s).MarkAlertReadAsync(u, Guid.NewGuid(), DateTimeOffset.UtcNow, CancellationToken.None)),
        ["mark all alerts read"] = (FarmRoles.Admin, (s, u) => Db(s).MarkAllAlertsReadAsync(u, DateTimeOffset.UtcNow, CancellationToken.None)),
        ["list people"] = (FarmRoles.Admin, (s, u) => s.GetRequiredService<People>().ListAsync(u, CancellationToken.None)),
        ["add a person"] = (FarmRoles.Admin, (s, u) => s.GetRequiredService<People>().CreateAsync(u, "not an email", "Viewer", "", CancellationToken.None)),
        ["change a role"] = (FarmRoles.Admin, (s, u) => s.GetRequiredService<People>().SetRoleAsync(u, "no-such-person", "Viewer", CancellationToken.None)),
        ["disable a person"] = (FarmRoles.Admin, (s, u) => s.GetRequiredService<People>().SetDisabledAsync(u, "no-such-person", true, CancellationToken.None)),
        ["manage another person's tokens"] = (FarmRoles.Admin, (_, u) =>
        {
            ApiTokens.RequireOwnerOrAdmin(u, "someone-else");
            return Task.CompletedTask;
        }),
        ["manage one's own tokens"] = (FarmRoles.Viewer, (_, u) =>
        {
            ApiTokens.RequireOwnerOrAdmin(u, "user-" + (FarmAccess.RoleOf(u) ?? "nobody"));
            return Task.CompletedTask;
        }),
    };

    static FarmDbContext Db(IServiceProvider services) => services.GetRequiredService<FarmDbContext>();

    public static TheoryData<string, string?> Cases()
    {
        var data = new TheoryData<string, string?>();
        foreach (var action in Actions.Keys)
            foreach (var role in FarmRoles.All.Prepend(null))
                data.Add(action, role);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Should_refuse_the_action_below_its_role_and_allow_it_from_there(string action, string? role)
    {
        var (least, act) = Actions[action];
        await using var scope = web.Services.CreateAsyncScope();

        var refused = await Record.ExceptionAsync(() => act(scope.ServiceProvider, Principal(role)));

        if (role is not null && FarmRoles.Allows(role, least))
            Assert.False(refused is FarmForbiddenException, $"a {role} could not {action}: {refused?.Message}");
        else
        {
            var forbidden = Assert.IsType<FarmForbiddenException>(refused);
            Assert.Contains(role is null ? "Sign in" : $"you are a{(role == FarmRoles.Admin ? "n" : "")} {role}", forbidden.Message);
        }
    }

    static ClaimsPrincipal Principal(string? role) =>
        role is null
            ? new ClaimsPrincipal(new ClaimsIdentity())
            : new ClaimsPrincipal(new ClaimsIdentity(
                [new(ClaimTypes.NameIdentifier, "user-" + role), new(ClaimTypes.Name, role + "@test.example"), new(ClaimTypes.Role, role)], "test"));
}
