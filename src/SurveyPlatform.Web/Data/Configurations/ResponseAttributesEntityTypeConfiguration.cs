using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

/// <summary>An anonymous response's non-identifying participant attributes (migration 7).</summary>
internal sealed class ResponseAttributesEntityTypeConfiguration : IEntityTypeConfiguration<ResponseAttributes>
{
    public void Configure(EntityTypeBuilder<ResponseAttributes> builder)
    {
        builder.ToTable("ResponseAttributes");
        builder.HasKey(a => a.ResponseId);
        builder.Property(a => a.ResponseId).ValueGeneratedNever();
        builder.HasOne<SurveyResponse>().WithOne().HasForeignKey<ResponseAttributes>(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.AttributesJson).IsRequired();
        builder.Ignore(a => a.Attributes);
    }
}
