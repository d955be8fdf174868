using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Domain.Templates;
using SurveyPlatform.Web.Data;
using Xunit.Abstractions;

namespace SurveyPlatform.Browser.Tests.Journeys;

/// <summary>
/// A respondent's own report in Chromium: the owner turns reports on, the survey closes and is scored,
/// the e-mailed link opens the report (no WCAG 2.2 A/AA violations, on a phone and a desktop) and, once
/// expired, is refused without any figures.
/// </summary>
public sealed class RespondentReportTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task TheMailedLink_OpensTheReport_WithNoAxeViolations_AndAnExpiredLinkIsRefused()
    {
        await using var ownerContext = await host.NewOwnerContextAsync();
        var owner = await ownerContext.NewPageAsync();
        await OwnerSteps.SignInAsync(owner);
        var surveyPath = await OwnerSteps.CreateFromTemplateAsync(owner, HealthcareAiAdoption.Template.Key);
        await OwnerSteps.PublishAsync(owner);
        var id = Guid.Parse(surveyPath.Split('/')[2]);

        // 40 generated responses (arranged in the database: the form journey has its own tests), one of them an invited participant's.
        var email = $"report-{Guid.NewGuid():N}@example.org";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var survey = await db.Surveys.Include(s => s.Versions).SingleAsync(s => s.Id == id);
            var generator = new FlagshipResponseGenerator(HealthcareAiAdoption.Template.Definition, FlagshipProfile.Default(), 11);
            for (var i = 0; i < 40; i++)
            {
                var answers = generator.Next();
                var response = SurveyResponse.Submit(Guid.NewGuid(), survey, answers, DateTime.UtcNow);
                db.Responses.Add(response);
                if (i == 0)
                {
                    var participant = Participant.Create(id, email, "Ana", "Lima", null, DateTime.UtcNow).Participant!;
                    participant.Start(response.Id);
                    participant.Complete(DateTime.UtcNow);
                    db.Participants.Add(participant);
                }
            }

            await db.SaveChangesAsync();
        }

        await owner.GotoAsync($"{surveyPath}/reports");
        await owner.GetByLabel("E-mail respondents their organisation's report after scoring").CheckAsync();
        await owner.GetByLabel("Link lifetime in days").FillAsync("30");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("saved")).ToHaveTextAsync("Report settings saved.");
        await OwnerSteps.CloseAsync(owner, surveyPath);
        await OwnerSteps.WaitForScoringAsync(owner, surveyPath);

        var link = await MailedLinkAsync(email, TimeSpan.FromSeconds(60));
        var path = new Uri(link).AbsolutePath;
        output.WriteLine($"Report link path: /r/… ({path.Length} characters)");

        var failures = new List<string>();
        foreach (var (width, height) in new[] { (390, 844), (1280, 900) })
        {
            await using var context = await host.NewPhoneContextAsync(width, height, bypassCsp: true);
            var reader = await context.NewPageAsync();
            var response = await reader.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await Assertions.Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Your organisation's report", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(reader.GetByTestId("readiness")).ToContainTextAsync("out of 100");
            await Assertions.Expect(reader.GetByRole(AriaRole.Img).First).ToBeVisibleAsync();
            try
            {
                await Accessibility.AssertNoViolationsAsync(reader, $"the report page at {width}×{height}");
            }
            catch (Xunit.Sdk.XunitException failure)
            {
                failures.Add(failure.Message);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));

        // Expired: refused, with nothing of the report on the page.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.ReportLinks.ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        }

        await using var later = await host.NewPhoneContextAsync(bypassCsp: true);
        var refused = await later.NewPageAsync();
        var gone = await refused.GotoAsync(path);
        Assert.Equal(410, gone!.Status);
        await Assertions.Expect(refused.GetByRole(AriaRole.Heading, new() { Name = "This report link has expired" })).ToBeVisibleAsync();
        await Assertions.Expect(refused.GetByTestId("readiness")).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(refused, "the expired-link page");
    }

    /// <summary>The report e-mail's link, read from the pickup folder the test host writes mail to.</summary>
    private async Task<string> MailedLinkAsync(string recipient, TimeSpan timeout)
    {
        var folder = host.Services.GetRequiredService<IConfiguration>()["Smtp:PickupFolder"]!;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, recipient, StringComparison.OrdinalIgnoreCase))
                    && System.Text.RegularExpressions.Regex.Match(message.TextBody ?? string.Empty, @"https?://\S+/r/[A-Za-z0-9_-]{40,64}") is { Success: true } match)
                {
                    return match.Value;
                }
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"No report e-mail reached the pickup folder in {timeout.TotalSeconds:0} s.");
    }
}
