using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Distribution;

namespace SurveyPlatform.Web.Data.Configurations;

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
