using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Scoring;

/// <summary>A survey's scoring model: the newest saved revision, or the default model derived from the definition.</summary>
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

    /// <summary>The model runs use and its saved version (null for the default model).</summary>
    public static async Task<(ScoringModel? Model, int? Version)> EffectiveAsync(AppDbContext db, Guid surveyId, SurveyDefinition definition, CancellationToken cancellationToken)
    {
        var saved = await SavedAsync(db, surveyId, cancellationToken);
        return saved is null ? (DefaultScoringModel.For(definition), null) : (ScoringModel.FromJson(saved.Json), saved.Version);
    }
}
