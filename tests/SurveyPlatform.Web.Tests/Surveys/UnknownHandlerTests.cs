using System.Net;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Surveys;

/// <summary>A form post that names no handler of the page (stale or hand-made) gets a 400 with an explanation, never a 500.</summary>
public sealed class UnknownHandlerTests
{
    [Theory]
    [InlineData("/surveys/{0}/mailings")]
    [InlineData("/surveys/{0}/participants")]
    [InlineData("/surveys/{0}/results")]
    [InlineData("/surveys/{0}/scoring?handler=NoSuchHandler", HttpStatusCode.OK)] // the page's own catch-all shows the page again
    [InlineData("/surveys/{0}?handler=NoSuchHandler", HttpStatusCode.OK)]
    public async Task APostWithoutAKnownHandler_IsRefusedWith400_NotA500(string path, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        using var owner = await app.SignedInAsync();
        var (id, _) = await SurveyPages.CreateStandardAsync(owner);
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id);
        var page = await owner.GetAsync(url.Split('?')[0]);
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var post = await owner.PostRawAsync(url, new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        Assert.Equal(expected, post.Status);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains(UnknownHandlerFilter.Message, post.Html, StringComparison.Ordinal);
        }
    }
}
