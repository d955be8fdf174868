using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class MailingEntityTypeConfiguration : IEntityTypeConfiguration<Mailing>
{
    public void Configure(EntityTypeBuilder<Mailing> builder)
    {
        builder.ToTable("Mailings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(m => m.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Subject).HasMaxLength(MailTemplate.SubjectMaxLength).IsRequired();
        builder.Property(m => m.Body).HasMaxLength(MailTemplate.BodyMaxLength).IsRequired();
        builder.HasIndex(m => m.SurveyId);
        builder.Ignore(m => m.Template);
        builder.Ignore(m => m.Interval);
    }
}

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

internal sealed class ParticipantLinkEntityTypeConfiguration : IEntityTypeConfiguration<ParticipantLink>
{
    public void Configure(EntityTypeBuilder<ParticipantLink> builder)
    {
        builder.ToTable("ParticipantLinks");
        builder.HasKey(l => l.TokenHash);
        builder.Property(l => l.TokenHash).HasMaxLength(Participant.TokenHashLength);
        builder.HasOne<Participant>().WithMany().HasForeignKey(l => l.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.ParticipantId);
    }
}
