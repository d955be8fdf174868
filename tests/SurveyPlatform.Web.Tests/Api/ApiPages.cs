using System.Globalization;
using System.Net.Http.Headers;
using SurveyPlatform.Web.Api;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Api;

/// <summary>The profile page's token form, and API clients that carry a token and nothing else.</summary>
public static class ApiPages
{
    public const string CreateForm = "form[action*='handler=Create']";
    public static readonly string[] AllScopes = [ApiScopes.ResultsRead, ApiScopes.SurveysManage];

    /// <summary>Creates a token through the profile form and returns the page that shows it.</summary>
    public static async Task<Page> CreateTokenPageAsync(HtmlSession session, string name, string[] scopes, int days = 30)
    {
        var profile = await session.GetAsync("/account/profile");
        return await session.SubmitAsync(profile, CreateForm, new Dictionary<string, string[]>
        {
            ["Input.Name"] = [name],
            ["Input.Scopes"] = scopes,
            ["Input.ExpiresInDays"] = [days.ToString(CultureInfo.InvariantCulture)],
        });
    }

    /// <summary>Creates a token and returns its secret, failing the test if the form refused it.</summary>
    public static async Task<string> CreateTokenAsync(HtmlSession session, string name, string[] scopes, int days = 30)
    {
        var page = await CreateTokenPageAsync(session, name, scopes, days);
        var secret = page.Document.QuerySelector("[data-testid=new-token]")?.GetAttribute("value");
        Assert.True(secret is not null, $"The token was not created: {page.Text("form .error-message:not(:empty)")}");
        return secret;
    }

    /// <summary>A client without cookies; with a token, it sends it as a bearer token.</summary>
    public static HttpClient Client(AppFactory app, string? token = null)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static Uri Url(string path) => new(path, UriKind.Relative);
}
