using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Results;

/// <summary>
/// A cross-tab of any question (rows) by a single-choice question or participant attribute
/// (columns), readable by whoever may read the survey's results; the choice is a GET form, so a
/// table is a link. Also downloads as a long CSV (one row per column and row category).
/// </summary>
public sealed class CrossTabModel(AppDbContext db, CrossTabQuery query) : PageModel
{
    public static readonly string[] CsvColumns =
        ["row_variable", "column_variable", "column_code", "column_label", "base", "row_code", "row_label", "count", "share", "wilson_lower", "wilson_upper", "mean", "sd", "t_lower", "t_upper", "suppressed"];

    public Guid Id { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public IReadOnlyList<CrossTabVariable> RowVariables { get; private set; } = [];
    public IReadOnlyList<CrossTabVariable> ColumnVariables { get; private set; } = [];
    public CrossTabResult? Result { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Rows { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Columns { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null)
        {
            return NotFound();
        }

        Id = survey.Id;
        Title = survey.Title;
        (RowVariables, ColumnVariables) = await query.VariablesAsync(survey, cancellationToken);
        if (Rows is null && Columns is null)
        {
            return Page();
        }

        if (string.IsNullOrWhiteSpace(Rows) || RowVariables.All(v => v.Key != Rows))
        {
            ModelState.AddModelError(nameof(Rows), "Choose the question for the rows from the list.");
        }

        if (string.IsNullOrWhiteSpace(Columns) || ColumnVariables.All(v => v.Key != Columns))
        {
            ModelState.AddModelError(nameof(Columns), "Choose a single-choice question or participant attribute for the columns from the list.");
        }

        if (ModelState.IsValid)
        {
            Result = await query.BuildAsync(survey, Rows!, Columns!, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().ReadableBy(User).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (survey is null || Rows is null || Columns is null || await query.BuildAsync(survey, Rows, Columns, cancellationToken) is not { } result)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(Encoding.UTF8.GetBytes(Csv(result)), "text/csv; charset=utf-8", $"crosstab-{Safe(result.Rows.Key)}-by-{Safe(result.Columns.Key)}.csv");
    }

    /// <summary>One row per column (the total last) and row category, plus a mean row for ratings and numbers; a suppressed column has its label and no numbers.</summary>
    public static string Csv(CrossTabResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        using var writer = new StringWriter(sb, CultureInfo.InvariantCulture);
        CsvFormat.WriteRow(writer, CsvColumns.Select(CsvFormat.Cell.Text));
        var table = result.Table;
        foreach (var column in table.Columns.Append(table.Total))
        {
            CsvFormat.Cell[] Lead() =>
            [
                CsvFormat.Cell.Text(result.Rows.Key), CsvFormat.Cell.Text(result.Columns.Key),
                CsvFormat.Cell.Text(column.Code), CsvFormat.Cell.Text(column.Label),
                column.Figures is { } f ? Number(f.Base) : CsvFormat.Cell.Text(string.Empty),
            ];
            if (column.Figures is not { } figures)
            {
                CsvFormat.WriteRow(writer, [.. Lead(), .. Empty(10), CsvFormat.Cell.Text(column.Suppressed)]);
                continue;
            }

            foreach (var (category, cell) in table.Rows.Categories.Zip(figures.Cells))
            {
                CsvFormat.WriteRow(writer,
                [
                    .. Lead(), CsvFormat.Cell.Text(category.Code), CsvFormat.Cell.Text(category.Label), Number(cell.Count),
                    Number(cell.Share), Number(cell.Wilson?.Lower), Number(cell.Wilson?.Upper), .. Empty(4), CsvFormat.Cell.Text(string.Empty),
                ]);
            }

            if (figures.Mean is { } mean)
            {
                CsvFormat.WriteRow(writer,
                [
                    .. Lead(), CsvFormat.Cell.Text("mean"), CsvFormat.Cell.Text("Mean"), Number(mean.N), .. Empty(3),
                    Number(mean.Mean), Number(mean.StandardDeviation), Number(mean.TInterval?.Lower), Number(mean.TInterval?.Upper), CsvFormat.Cell.Text(string.Empty),
                ]);
            }
        }

        return sb.ToString();
    }

    private static IEnumerable<CsvFormat.Cell> Empty(int count) => Enumerable.Repeat(CsvFormat.Cell.Text(string.Empty), count);

    private static CsvFormat.Cell Number(double? value) =>
        value is { } v ? CsvFormat.Cell.Number(v.ToString("R", CultureInfo.InvariantCulture)) : CsvFormat.Cell.Text(string.Empty);

    private static CsvFormat.Cell Number(int? value) =>
        value is { } v ? CsvFormat.Cell.Number(v.ToString(CultureInfo.InvariantCulture)) : CsvFormat.Cell.Text(string.Empty);

    private static string Safe(string key) => new([.. key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
}
