using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class ResponseEntityTypeConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.ToTable("Responses");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SurveyId, r.SubmittedAt, r.Id }); // Downloads read in this order (Id breaks ties) without a sort.
        builder.Property(r => r.Source).HasMaxLength(SurveyResponse.SourceMaxLength).IsRequired().HasDefaultValue(SurveyResponse.WebSource);
        builder.Property(r => r.ExternalId).HasMaxLength(SurveyResponse.ExternalIdMaxLength);

        // Re-importing a file finds its rows here and adds nothing; a concurrent import of the same rows fails on it.
        builder.HasIndex(r => new { r.SurveyId, r.ExternalId }).IsUnique();
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}
