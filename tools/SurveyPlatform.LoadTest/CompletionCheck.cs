using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.LoadTest;

/// <summary>
/// After the run: every completion the server acknowledged is one response in the database, holding
/// exactly the answers sent, with no response or answer row twice.
/// </summary>
internal static class CompletionCheck
{
    public static async Task<CheckReport> VerifyAsync(AppDbContext db, Guid surveyId, IReadOnlyCollection<Completion> completions, CancellationToken cancellationToken)
    {
        var responses = await db.Responses.AsNoTracking().Where(r => r.SurveyId == surveyId).Select(r => r.Id).ToListAsync(cancellationToken);
        var rows = await db.Answers.AsNoTracking().Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.SurveyId == surveyId))
            .Select(a => new { a.ResponseId, a.QuestionCode, a.Value }).ToListAsync(cancellationToken);
        var problems = new List<string>();

        var duplicated = responses.GroupBy(id => id).Count(g => g.Count() > 1)
                         + rows.GroupBy(a => (a.ResponseId, a.QuestionCode)).Count(g => g.Count() > 1);
        var acknowledged = completions.GroupBy(c => c.ResponseId).ToList();
        foreach (var twice in acknowledged.Where(g => g.Count() > 1))
        {
            problems.Add($"Response {twice.Key} was acknowledged {twice.Count()} times.");
            duplicated++;
        }

        var stored = responses.ToHashSet();
        var answersOf = rows.GroupBy(a => a.ResponseId).ToDictionary(g => g.Key, g => g.GroupBy(a => a.QuestionCode).ToDictionary(a => a.Key, a => a.First().Value));
        var lost = 0;
        var mismatched = 0;
        foreach (var completion in acknowledged.Select(g => g.First()))
        {
            if (!stored.Contains(completion.ResponseId))
            {
                lost++;
                problems.Add($"Response {completion.ResponseId} was acknowledged but is not in the database.");
                continue;
            }

            var answers = answersOf.GetValueOrDefault(completion.ResponseId, []);
            var sent = completion.Sent.Where(s => s.Value.Length > 0).ToDictionary();
            // A multiple choice is stored as one value of its codes; compare the codes, not their separator.
            static string Normal(string value) => string.Join(' ', value.Split([' ', ',', ';', '|'], StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            if (answers.Count != sent.Count || sent.Any(s => !answers.TryGetValue(s.Key, out var value) || Normal(value) != Normal(s.Value)))
            {
                mismatched++;
                problems.Add($"Response {completion.ResponseId}: stored {answers.Count} answers, sent {sent.Count}, or a value differs.");
            }
        }

        return new CheckReport
        {
            Acknowledged = acknowledged.Count,
            Lost = lost,
            Duplicated = duplicated,
            Mismatched = mismatched,
            Unacknowledged = stored.Except(acknowledged.Select(g => g.Key)).Count(),
            Problems = problems,
        };
    }
}
