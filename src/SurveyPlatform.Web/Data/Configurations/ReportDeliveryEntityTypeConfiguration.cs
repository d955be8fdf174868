using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Reports;

namespace SurveyPlatform.Web.Data.Configurations;

/// <summary>
/// The run id is a plain indexed column: a survey already reaches this table through its participants,
/// and a second cascade path (through its runs) is refused by SQL Server. Runs are deleted only with
/// their survey, which takes the participants and so these rows with it.
/// </summary>
internal sealed class ReportDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<ReportDelivery>
{
    public void Configure(EntityTypeBuilder<ReportDelivery> builder)
    {
        builder.ToTable("ReportDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Participant>().WithMany().HasForeignKey(d => d.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.RunId, d.ParticipantId }).IsUnique();
        builder.HasIndex(d => d.ParticipantId);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(ReportDelivery.ErrorMaxLength);
    }
}
