using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class AnswerEntityTypeConfiguration : IEntityTypeConfiguration<Answer>
{
    public void Configure(EntityTypeBuilder<Answer> builder)
    {
        builder.ToTable("Answers");
        builder.HasKey(a => new { a.ResponseId, a.QuestionCode });
        builder.Property(a => a.QuestionCode).HasMaxLength(Answer.KeyMaxLength);
        builder.Property(a => a.Value).HasMaxLength(Answer.ValueMaxLength).IsRequired();
    }
}
