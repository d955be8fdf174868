using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Distribution;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class DeliveryEntityTypeConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.ToTable("Deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Mailing>().WithMany().HasForeignKey(d => d.MailingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Participant>().WithMany().HasForeignKey(d => d.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.MailingId, d.ParticipantId, d.Round }).IsUnique();
        builder.HasIndex(d => new { d.MailingId, d.Status });
        builder.HasIndex(d => d.ParticipantId);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(Delivery.ErrorMaxLength);
    }
}
