using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Scoring;
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
        builder.HasIndex(r => new { r.SurveyId, r.SubmittedAt });
        builder.Property(r => r.Source).HasMaxLength(SurveyResponse.SourceMaxLength).IsRequired().HasDefaultValue(SurveyResponse.WebSource);
        builder.Property(r => r.ExternalId).HasMaxLength(SurveyResponse.ExternalIdMaxLength);

        // Re-importing a file finds its rows here and adds nothing; a concurrent import of the same rows fails on it.
        builder.HasIndex(r => new { r.SurveyId, r.ExternalId }).IsUnique();
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

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

internal sealed class ScoringRunEntityTypeConfiguration : IEntityTypeConfiguration<ScoringRun>
{
    public void Configure(EntityTypeBuilder<ScoringRun> builder)
    {
        builder.ToTable("ScoringRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SurveyId, r.StartedAt });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Trigger).HasMaxLength(32).IsRequired().HasDefaultValue("close");
        builder.Property(r => r.Seed).HasDefaultValue(0L);
        builder.Property(r => r.Attempts).HasDefaultValue(0);
        builder.Property(r => r.EngineVersion).HasMaxLength(32).IsRequired();
        builder.Property(r => r.ModelHash).HasMaxLength(64);
        builder.Property(r => r.InputHash).HasMaxLength(64);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.ReleasedBy).HasMaxLength(ScoringRun.ReleasedByMaxLength);
        builder.Ignore(r => r.IsReleased);
        builder.Ignore(r => r.SeedValue);
        builder.Ignore(r => r.WillRetry);
        builder.Ignore(r => r.IsPending);
    }
}

internal sealed class ScoringRunResultEntityTypeConfiguration : IEntityTypeConfiguration<ScoringRunResult>
{
    public void Configure(EntityTypeBuilder<ScoringRunResult> builder)
    {
        builder.ToTable("ScoringResults");
        builder.HasKey(r => r.RunId);
        builder.Property(r => r.Json).IsRequired();
        builder.HasOne<ScoringRun>().WithOne().HasForeignKey<ScoringRunResult>(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StoredRespondentScoreEntityTypeConfiguration : IEntityTypeConfiguration<StoredRespondentScore>
{
    public void Configure(EntityTypeBuilder<StoredRespondentScore> builder)
    {
        builder.ToTable("RespondentScores");
        builder.HasKey(s => new { s.RunId, s.ResponseId });
        builder.HasOne<ScoringRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyResponse>().WithMany().HasForeignKey(s => s.ResponseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ResponseId);
        builder.Property(s => s.Maturity).HasMaxLength(100);
        builder.Property(s => s.Segment).HasMaxLength(100);
        builder.Property(s => s.Dimensions).IsRequired();
    }
}

internal sealed class SurveyScoringModelEntityTypeConfiguration : IEntityTypeConfiguration<SurveyScoringModel>
{
    public void Configure(EntityTypeBuilder<SurveyScoringModel> builder)
    {
        builder.ToTable("ScoringModels");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasOne<Survey>().WithMany().HasForeignKey(m => m.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.SurveyId, m.Version }).IsUnique();
        builder.Property(m => m.Json).IsRequired();
        builder.Property(m => m.Hash).HasMaxLength(64).IsRequired();
        builder.Property(m => m.SavedBy).HasMaxLength(256);
    }
}
