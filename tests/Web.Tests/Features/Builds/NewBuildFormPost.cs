using Microsoft.AspNetCore.Mvc.Testing;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>Posts the New build form as a browser does: signed in as a Member, with the antiforgery token the page handed out.</summary>
static class NewBuildFormPost
{
    /// <param name="member">Who posts; a new Member when not given.</param>
    public static async Task<HttpResponseMessage> PostNewBuildFormAsync(this WebApplicationFactory<Program> web, Dictionary<string, string> fields,
        TestAccount? member = null)
    {
        member ??= await TestAccounts.CreateAsync(web.Services, Shared.People.FarmRoles.Member);
        var client = await web.SignInAsync(member.Email, member.Password);
        var form = await client.GetStringAsync("/");
        fields["_handler"] = "new-build";
        fields["__RequestVerificationToken"] = TestAccounts.Antiforgery(form);
        return await client.PostAsync("/", new FormUrlEncodedContent(fields));
    }
}
