using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class SurveyScoringModelEntityTypeConfiguration : IEntityTypeConfiguration<SurveyScoringModel>
{
    public void Configure(EntityTypeBuilder<SurveyScoringModel> builder)
    {
        builder.ToTable("ScoringModels");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(m => m.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.SurveyId, m.Version }).IsUnique();
        builder.Property(m => m.Json).IsRequired();
        builder.Property(m => m.Hash).HasMaxLength(64).IsRequired();
        builder.Property(m => m.SavedBy).HasMaxLength(256);
    }
}
