using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class StoredRespondentScoreEntityTypeConfiguration : IEntityTypeConfiguration<StoredRespondentScore>
{
    public void Configure(EntityTypeBuilder<StoredRespondentScore> builder)
    {
        builder.ToTable("RespondentScores");
        builder.HasKey(s => new { s.RunId, s.ResponseId });
        builder.HasOne<ScoringRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyResponse>().WithMany().HasForeignKey(s => s.ResponseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ResponseId);
        builder.Property(s => s.Maturity).HasMaxLength(100);
        builder.Property(s => s.Segment).HasMaxLength(100);
        builder.Property(s => s.Dimensions).IsRequired();
    }
}
