using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// A completed response's answer rows in one multi-row INSERT. EF Core sends one INSERT per row on
/// SQLite (it does not batch there), which for a 15-question survey was most of a completion's commands.
/// </summary>
internal static class AnswerRows
{
    /// <summary>Rows per INSERT: 3 parameters each, well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int RowsPerCommand = 300;

    /// <summary>
    /// Tracks the completed response on its own, not its answers (to be written by <see cref="InsertAsync"/> in
    /// the same transaction): tracking them would make an entry for each only to take it out again. Changes
    /// are detected now (the session's, the participant's) and not again at the save, which would find the
    /// answers through the response and track them (the caller turns detection on again after the save).
    /// </summary>
    public static IReadOnlyCollection<Answer> AddWithoutAnswers(AppDbContext db, SurveyResponse response)
    {
        db.ChangeTracker.DetectChanges();
        db.Entry(response).State = EntityState.Added; // this entity only: a state set on an entry does not follow its navigations
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return response.Answers;
    }

    public static async Task InsertAsync(AppDbContext db, IReadOnlyCollection<Answer> answers, CancellationToken cancellationToken)
    {
        if (answers.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(Answer))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({Column(nameof(Answer.ResponseId))}, {Column(nameof(Answer.QuestionCode))}, {Column(nameof(Answer.Value))}) VALUES ";

        foreach (var chunk in answers.Chunk(RowsPerCommand))
        {
            var text = new StringBuilder(head);
            var values = new object[chunk.Length * 3];
            for (var i = 0; i < chunk.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : ", ")}({{{3 * i}}}, {{{3 * i + 1}}}, {{{3 * i + 2}}})");
                values[3 * i] = chunk[i].ResponseId;
                values[3 * i + 1] = chunk[i].QuestionCode;
                values[3 * i + 2] = chunk[i].Value;
            }

            await db.Database.ExecuteSqlRawAsync(text.ToString(), values, cancellationToken);
        }
    }
}
