using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class ScoringRunEntityTypeConfiguration : IEntityTypeConfiguration<ScoringRun>
{
    public void Configure(EntityTypeBuilder<ScoringRun> builder)
    {
        builder.ToTable("ScoringRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SurveyId, r.StartedAt });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Trigger).HasMaxLength(32).IsRequired().HasDefaultValue("close");
        builder.Property(r => r.Seed).HasDefaultValue(0L);
        builder.Property(r => r.Attempts).HasDefaultValue(0);
        builder.Property(r => r.EngineVersion).HasMaxLength(32).IsRequired();
        builder.Property(r => r.ModelHash).HasMaxLength(64);
        builder.Property(r => r.InputHash).HasMaxLength(64);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.ReleasedBy).HasMaxLength(ScoringRun.ReleasedByMaxLength);
        builder.Ignore(r => r.IsReleased);
        builder.Ignore(r => r.SeedValue);
        builder.Ignore(r => r.WillRetry);
        builder.Ignore(r => r.IsPending);
    }
}
