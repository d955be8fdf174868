using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Scoring;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class ScoringRunResultEntityTypeConfiguration : IEntityTypeConfiguration<ScoringRunResult>
{
    public void Configure(EntityTypeBuilder<ScoringRunResult> builder)
    {
        builder.ToTable("ScoringResults");
        builder.HasKey(r => r.RunId);
        builder.Property(r => r.Json).IsRequired();
        builder.HasOne<ScoringRun>().WithOne().HasForeignKey<ScoringRunResult>(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
