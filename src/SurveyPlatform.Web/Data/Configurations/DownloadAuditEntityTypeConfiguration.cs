using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Results;

namespace SurveyPlatform.Web.Data.Configurations;

/// <summary>The download log (migration 14). No foreign key to the user: the log outlives the account.</summary>
internal sealed class DownloadAuditEntityTypeConfiguration : IEntityTypeConfiguration<DownloadAudit>
{
    public void Configure(EntityTypeBuilder<DownloadAudit> builder)
    {
        builder.ToTable("DownloadAudits");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(a => a.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.SurveyId, a.At });
        builder.Property(a => a.UserId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.UserEmail).HasMaxLength(DownloadAudit.UserEmailMaxLength).IsRequired();
        builder.Property(a => a.Format).HasMaxLength(DownloadAudit.FormatMaxLength).IsRequired();
        builder.Property(a => a.Level).HasConversion<string>().HasMaxLength(16);
    }
}
