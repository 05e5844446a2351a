using BuildFarm.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BuildFarm.Web.Features.Account;

static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        // A form post, so it carries an antiforgery token: a link on another site cannot sign a person out. Binding a
        // form field is what makes minimal APIs check that token.
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<FarmUser> signIn) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect("/account/login");
            })
            .AllowAnonymous();
        return app;
    }
}
