using Microsoft.AspNetCore.Mvc.Testing;
using System.Text.RegularExpressions;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>Posts the New build form as a browser does: with the antiforgery token the page handed out.</summary>
static partial class NewBuildFormPost
{
    public static async Task<HttpResponseMessage> PostNewBuildFormAsync(this WebApplicationFactory<Program> web, Dictionary<string, string> fields)
    {
        var client = web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/");
        fields["_handler"] = "new-build";
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/", new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
