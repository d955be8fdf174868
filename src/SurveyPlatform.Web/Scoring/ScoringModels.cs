using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Scoring;

/// <summary>
/// A survey's scoring model: the newest saved revision. A survey without one has no readiness index:
/// its runs report descriptive statistics only, until the owner chooses a model (the Scoring page
/// offers the default readiness model; the flagship template and the demo come with theirs).
/// </summary>
public static class ScoringModels
{
    public static Task<SurveyScoringModel?> SavedAsync(AppDbContext db, Guid surveyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ScoringModels.AsNoTracking()
            .Where(m => m.SurveyId == surveyId)
            .OrderByDescending(m => m.Version)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The model runs use and its saved version; (null, null) when none is chosen.</summary>
    public static async Task<(ScoringModel? Model, int? Version)> EffectiveAsync(AppDbContext db, Guid surveyId, SurveyDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var saved = await SavedAsync(db, surveyId, cancellationToken);
        return saved is null ? (null, null) : (ScoringModel.FromJson(saved.Json), saved.Version);
    }

    /// <summary>The readiness model offered to a survey: the flagship model when the questionnaire fits it, otherwise every scored question in one dimension (null when nothing scores).</summary>
    public static (ScoringModel? Model, bool Flagship) Offered(SurveyDefinition definition)
    {
        var flagship = FlagshipScoringModel.Create();
        return ScoringModelValidator.Validate(flagship, definition).Count == 0 ? (flagship, true) : (DefaultScoringModel.For(definition), false);
    }
}
