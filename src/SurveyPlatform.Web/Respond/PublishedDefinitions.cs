using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Respond;

/// <summary>
/// Published versions' definitions as respondents see them (a long matrix split by its author as its
/// pages: <see cref="SurveyDefinition.RespondentPages"/>), parsed once. A published version never changes (edits make a new
/// version), so a definition is cached by survey and version number with no invalidation: every
/// instance behind a load balancer reads the same row and parses the same definition. Versions no
/// respondent has asked for in an hour are dropped; at most 1,000 are kept.
/// </summary>
public sealed class PublishedDefinitions : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1000 });

    public async Task<SurveyDefinition> GetAsync(AppDbContext db, Guid surveyId, int version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = (surveyId, version);
        if (_cache.TryGetValue(key, out SurveyDefinition? cached) && cached is not null)
        {
            return cached;
        }

        var json = await db.SurveyVersions.AsNoTracking().Where(v => v.SurveyId == surveyId && v.Number == version).Select(v => v.DefinitionJson).SingleAsync(cancellationToken);
        var definition = SurveyDefinition.FromJson(json).RespondentPages();
        _cache.Set(key, definition, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        return definition;
    }

    public void Dispose() => _cache.Dispose();
}
