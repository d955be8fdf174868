using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class ReportSettingsEntityTypeConfiguration : IEntityTypeConfiguration<ReportSettings>
{
    public void Configure(EntityTypeBuilder<ReportSettings> builder)
    {
        builder.ToTable("ReportSettings");
        builder.HasKey(s => s.SurveyId);
        builder.Property(s => s.SurveyId).ValueGeneratedNever();
        builder.HasOne<Survey>().WithOne().HasForeignKey<ReportSettings>(s => s.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}
