using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class ReportLinkEntityTypeConfiguration : IEntityTypeConfiguration<ReportLink>
{
    public void Configure(EntityTypeBuilder<ReportLink> builder)
    {
        builder.ToTable("ReportLinks");
        builder.HasKey(l => l.TokenHash);
        builder.Property(l => l.TokenHash).HasMaxLength(ReportLink.TokenHashLength);
        builder.HasOne<SurveyResponse>().WithMany().HasForeignKey(l => l.ResponseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.ResponseId);
    }
}
