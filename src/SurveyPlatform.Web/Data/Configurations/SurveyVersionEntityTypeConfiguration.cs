using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class SurveyVersionEntityTypeConfiguration : IEntityTypeConfiguration<SurveyVersion>
{
    public void Configure(EntityTypeBuilder<SurveyVersion> builder)
    {
        builder.ToTable("SurveyVersions");
        builder.HasKey(v => new { v.SurveyId, v.Number });
        builder.Property(v => v.Number).ValueGeneratedNever();
        builder.Property(v => v.DefinitionJson).IsRequired();
        builder.Ignore(v => v.Definition);
    }
}
