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
    public void Configure(EntityTypeBuilder<SurveyDraft> builder)
    {
        builder.ToTable("Surveys");
        builder.HasKey(d => d.SurveyId);
        builder.Property(d => d.SurveyId).HasColumnName("Id").ValueGeneratedNever();
        builder.Property(d => d.DefinitionJson).HasColumnName("DraftDefinitionJson").IsRequired();
    }
}
