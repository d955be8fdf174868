using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Admin;

public sealed class UserRolesTests
{
    [Fact]
    public async Task Administrator_AssignsRoles_AndTheUserGainsAndLosesAccessAccordingly()
    {
        await using var database = TestDatabase.Sqlite();
        await using var app = new AppFactory(database);
        var userId = await app.CreateUserAsync("someone@example.org", "a long password here", Roles.Researcher);
        using var admin = await app.SignedInAsync();

        var users = await admin.GetAsync("/admin/users");
        var form = $"form[action*='handler=Roles']:has(input[name=userId][value='{userId}'])";
        var saved = await admin.SubmitAsync(users, form, new Dictionary<string, string[]> { ["roles"] = [Roles.SurveyOwner] });
        Assert.Equal("Roles saved for someone@example.org.", saved.Text(".notice"));
        Assert.Equal([Roles.SurveyOwner], await RolesOfAsync(app, "someone@example.org"));

        using var user = await app.SignedInAsync("someone@example.org", "a long password here");
        var create = await user.GetAsync("/surveys/new");
        Assert.EndsWith("/surveys/new", create.Url, StringComparison.Ordinal);

        // An administrator cannot remove their own Administrator role by accident.
        var adminId = (await admin.GetAsync("/admin/users")).Document
            .QuerySelectorAll("form[action*='handler=Roles']")
            .First(f => f.ParentElement!.ParentElement!.TextContent.Contains(AppFactory.AdminEmail, StringComparison.Ordinal))
            .QuerySelector("input[name=userId]")!.GetAttribute("value");
        var refused = await admin.SubmitAsync(await admin.GetAsync("/admin/users"), $"form[action*='handler=Roles']:has(input[name=userId][value='{adminId}'])",
            new Dictionary<string, string[]> { ["roles"] = [Roles.Researcher] });
        Assert.Equal("You cannot remove your own Administrator role.", refused.Text(".notice"));
        Assert.Contains(Roles.Administrator, await RolesOfAsync(app, AppFactory.AdminEmail));
    }

    private static async Task<IList<string>> RolesOfAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await manager.GetRolesAsync((await manager.FindByEmailAsync(email))!);
    }
}
