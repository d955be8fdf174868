using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Benchmarks;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Scoring;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// A text question's answers, paged, with a search: readable by whoever reads the survey's results.
/// An anonymous survey lists them only when at least k respondents answered (the scoring model's k, 5
/// without one), and in alphabetical order rather than by time, so an answer cannot be matched to
/// when it came in; other surveys list the newest first with the submission date.
/// </summary>
public sealed class AnswersModel(AppDbContext db) : PageModel
{
    public const int PageSize = 25;
    public const int MaxSearchLength = 200;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public QuestionDefinition Question { get; private set; } = default!;
    public bool Anonymous { get; private set; }
    public int K { get; private set; }

    /// <summary>Every answer to the question, before the search.</summary>
    public int Total { get; private set; }

    /// <summary>Answers matching the search.</summary>
    public int Matching { get; private set; }

    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Matching + PageSize - 1) / PageSize);

    /// <summary>"suppressed (n&lt;k)" when an anonymous survey has fewer than k answers; nothing is listed then.</summary>
    public string? Suppressed { get; private set; }

    public string? Search { get; private set; }
    public string? SearchError { get; private set; }

    public IReadOnlyList<(string Text, DateTime? SubmittedAt)> Shown { get; private set; } = [];

    /// <param name="p">The page number, from 1 ("page" is Razor Pages' own route value, so it cannot be bound).</param>
    public async Task<IActionResult> OnGetAsync(Guid id, string code, string? q, int? p, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        var version = await db.SurveyVersions.AsNoTracking().Where(v => v.SurveyId == id)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        var definition = version?.Definition ?? survey.Draft;
        if (definition.Find(code) is not { Type: QuestionType.ShortText or QuestionType.LongText } question)
        {
            return NotFound();
        }

        Id = survey.Id;
        Title = survey.Title;
        Question = question;
        Anonymous = survey.Anonymous;
        var saved = await ScoringModels.SavedAsync(db, id, cancellationToken);
        K = saved is null ? SuppressionPolicy.DefaultK : SafeK(saved.Json);

        var answers = from a in db.Answers.AsNoTracking()
                      join r in db.Responses.AsNoTracking() on a.ResponseId equals r.Id
                      where r.SurveyId == id && a.QuestionCode == question.Code && a.Value != ""
                      select new { a.Value, r.SubmittedAt, r.Id };
        Total = await answers.CountAsync(cancellationToken);
        if (Anonymous && !new SuppressionPolicy(K).Allows(Total))
        {
            Suppressed = new SuppressionPolicy(K).BelowKLabel;
            return Page();
        }

        Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (Search is { Length: > MaxSearchLength })
        {
            SearchError = $"Search for at most {MaxSearchLength} characters.";
            Search = null;
        }

        if (Search is { } term)
        {
            var lower = term.ToLowerInvariant();
            // ToLower().Contains translates to lower(...) LIKE on SQLite and PostgreSQL alike; the
            // StringComparison overload the analyser prefers does not translate at all.
#pragma warning disable CA1862
            answers = answers.Where(a => a.Value.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        Matching = await answers.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(p ?? 1, 1, Pages);
        var ordered = Anonymous
            ? answers.OrderBy(a => a.Value).ThenBy(a => a.Id)
            : answers.OrderByDescending(a => a.SubmittedAt).ThenBy(a => a.Id);
        var rows = await ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        Shown = [.. rows.Select(a => (a.Value, Anonymous ? (DateTime?)null : a.SubmittedAt))];
        return Page();
    }

    public string? PageLink(int page) => Url.Page("/Results/Answers", new { id = Id, code = Question.Code, p = page, q = Search });

    private static int SafeK(string json)
    {
        try
        {
            return ScoringModel.FromJson(json).SuppressionK;
        }
        catch (FormatException)
        {
            return SuppressionPolicy.DefaultK;
        }
    }
}
