using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

/// <summary>
/// A survey's draft shares the survey's row (table splitting): the column is Surveys.DraftDefinitionJson as
/// before, and the survey brings it along on every read (an auto-include, no join) except the respondent
/// pages' reads, which ignore it (RespondQueries).
/// </summary>
internal sealed class SurveyDraftEntityTypeConfiguration : IEntityTypeConfiguration<SurveyDraft>
{
    /// <summary>The shadow property holding the survey's id, the draft's key and its link to the survey.</summary>
    public const string SurveyIdProperty = "SurveyId";

    public void Configure(EntityTypeBuilder<SurveyDraft> builder)
    {
        builder.ToTable("Surveys");
        builder.Property<Guid>(SurveyIdProperty).HasColumnName("Id").ValueGeneratedNever();
        builder.HasKey(SurveyIdProperty);
        builder.Property(d => d.DefinitionJson).HasColumnName("DraftDefinitionJson").IsRequired();
    }
}
