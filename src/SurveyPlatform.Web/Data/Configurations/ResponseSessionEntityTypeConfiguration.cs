using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class ResponseSessionEntityTypeConfiguration : IEntityTypeConfiguration<ResponseSession>
{
    public void Configure(EntityTypeBuilder<ResponseSession> builder)
    {
        builder.ToTable("ResponseSessions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SurveyId, r.CompletedAt });
        builder.Property(r => r.TokenHash).HasMaxLength(ResponseSession.TokenHashLength).IsRequired();
        builder.Property(r => r.AnswersJson).IsRequired();

        // Two posts of the same page version cannot both be applied: the second finds the version moved on.
        builder.Property(r => r.PageVersion).IsConcurrencyToken();
        builder.Ignore(r => r.Answers);
    }
}
