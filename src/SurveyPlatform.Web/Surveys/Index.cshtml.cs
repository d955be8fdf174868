using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Title, SurveyStatus Status, int Responses, bool IsOwner);

    public IReadOnlyList<Row> Surveys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        Surveys = await db.Surveys.ReadableBy(User)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new Row(s.Id, s.Title, s.Status, db.Responses.Count(r => r.SurveyId == s.Id), s.OwnerId == userId))
            .ToListAsync(cancellationToken);
    }
}
