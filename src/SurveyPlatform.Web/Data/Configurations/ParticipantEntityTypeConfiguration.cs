using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class ParticipantEntityTypeConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> builder)
    {
        builder.ToTable("Participants");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(p => p.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Email).HasMaxLength(Participant.EmailMaxLength).IsRequired();
        builder.Property(p => p.FirstName).HasMaxLength(Participant.NameMaxLength).IsRequired();
        builder.Property(p => p.LastName).HasMaxLength(Participant.NameMaxLength).IsRequired();
        builder.Property(p => p.AttributesJson).IsRequired();
        builder.Property(p => p.TokenHash).HasMaxLength(Participant.TokenHashLength);
        builder.HasIndex(p => p.TokenHash).IsUnique();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(p => new { p.SurveyId, p.Email }).IsUnique();
        builder.HasIndex(p => p.SessionId);
        builder.Property(p => p.LastError).HasMaxLength(Delivery.ErrorMaxLength);
        builder.Property(p => p.OptedOutEverywhere).HasDefaultValue(false);
        builder.Property(p => p.Reminders).HasDefaultValue(0);
        builder.HasIndex(p => p.Email);
        builder.Ignore(p => p.Attributes);
        builder.Ignore(p => p.HasResponded);
    }
}
