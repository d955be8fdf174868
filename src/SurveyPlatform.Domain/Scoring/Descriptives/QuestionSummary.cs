using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Engine;

namespace SurveyPlatform.Domain.Scoring.Descriptives;

/// <summary>
/// One question's descriptive summary in the results document, on the question's own scale (a 1–5
/// rating has a 1–5 mean; the 0–100 normalisation belongs to scoring). Which parts are set depends on
/// the type: <see cref="Shares"/> for choices, yes/no, dates (per month) and the points of a rating or
/// NPS scale; <see cref="Figure"/> for ratings, NPS and numbers; <see cref="Nps"/>; <see cref="Number"/>;
/// <see cref="Rows"/> for matrix rows and ranking items. Text questions carry only their counts. A
/// question whose base is below k carries only <see cref="Suppressed"/>, without counts.
/// </summary>
public sealed record QuestionSummary(string Code, string Text, QuestionType Type)
{
    /// <summary>Respondents whose path showed the question.</summary>
    public int? Shown { get; init; }

    /// <summary>Respondents who answered it (for a matrix, at least one row; "not applicable" is not an answer).</summary>
    public int? Answered { get; init; }

    public string? Suppressed { get; init; }

    /// <summary>The lowest and highest point of a rating, matrix rating or NPS scale.</summary>
    public int? ScaleStart { get; init; }

    public int? ScaleEnd { get; init; }

    /// <summary>Respondents who said "not applicable" (left out of every base but this).</summary>
    public int? NotApplicable { get; init; }

    public ShareTable? Shares { get; init; }

    public Figure? Figure { get; init; }

    public NpsFigure? Nps { get; init; }

    public NumberFigure? Number { get; init; }

    public IReadOnlyList<RowSummary> Rows { get; init; } = [];
}

/// <summary>Promoters (9–10), passives (7–8) and detractors (0–6) with their shares, the NPS (−100 to 100) and its adjusted Wald interval.</summary>
public sealed record NpsFigure(int Promoters, int Passives, int Detractors, double PromoterShare, double PassiveShare, double DetractorShare, double Score, Bounds? Interval);

/// <summary>A number question's range, quartiles and histogram (its n, mean, SD, median and t interval are the summary's <see cref="QuestionSummary.Figure"/>).</summary>
public sealed record NumberFigure(double Minimum, double LowerQuartile, double UpperQuartile, double Maximum, IReadOnlyList<HistogramBin> Bins)
{
    public double InterquartileRange => UpperQuartile - LowerQuartile;
}

/// <summary>A matrix row (its answer shares, and for a rating matrix the mean on the scale) or a ranking item (its mean rank, 1 = first).</summary>
public sealed record RowSummary(string Code, string Label, ShareTable? Shares, Figure? Figure)
{
    public string? Suppressed { get; init; }
}
