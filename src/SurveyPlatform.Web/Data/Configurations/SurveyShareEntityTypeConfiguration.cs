using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class SurveyShareEntityTypeConfiguration : IEntityTypeConfiguration<SurveyShare>
{
    public void Configure(EntityTypeBuilder<SurveyShare> builder)
    {
        builder.ToTable("SurveyShares");
        builder.HasKey(s => new { s.SurveyId, s.UserId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId);
        builder.Property(s => s.Role).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ShareRole.Researcher).HasSentinel(ShareRole.Researcher);
    }
}
