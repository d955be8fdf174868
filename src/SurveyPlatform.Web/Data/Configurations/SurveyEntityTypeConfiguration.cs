using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Domain.Exports;
using SurveyPlatform.Domain.Surveys;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class SurveyEntityTypeConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.ToTable("Surveys");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.OwnerId).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.OwnerId);
        builder.Property(s => s.Title).HasMaxLength(Survey.TitleMaxLength).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(Survey.DescriptionMaxLength).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.ClosedBy).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.PublicCode).HasMaxLength(16);
        builder.HasIndex(s => s.PublicCode).IsUnique();
        builder.Ignore(s => s.DraftDefinitionJson);
        builder.HasOne(s => s.DraftPart).WithOne().HasForeignKey<SurveyDraft>(SurveyDraftEntityTypeConfiguration.SurveyIdProperty);
        builder.Navigation(s => s.DraftPart).IsRequired().AutoInclude();
        builder.HasIndex(s => new { s.Status, s.CloseAt });
        builder.Property(s => s.IsRevising).HasDefaultValue(false);
        builder.Property(s => s.GraceMinutes).HasDefaultValue(Survey.DefaultGraceMinutes);
        builder.Property(s => s.PartialExpiryDays).HasDefaultValue(Survey.DefaultPartialExpiryDays);
        builder.Property(s => s.Language).HasMaxLength(8);
        builder.Property(s => s.TimeZone).HasMaxLength(64).HasDefaultValue("UTC");
        builder.Property(s => s.AccessMode).HasConversion<string>().HasMaxLength(16).HasDefaultValue(AccessMode.Both).HasSentinel(AccessMode.Both);
        builder.Property(s => s.Anonymous).HasDefaultValue(false);
        builder.Property(s => s.NonIdentifyingAttributesJson).IsRequired().HasDefaultValue("[]");
        builder.Property(s => s.ResearcherExportLevel).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ExportLevel.Full).HasSentinel(ExportLevel.Full);
        builder.Property(s => s.EditorExportLevel).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ExportLevel.Full).HasSentinel(ExportLevel.Full);
        builder.Property(s => s.RetentionAction).HasConversion<string>().HasMaxLength(16).HasDefaultValue(RetentionAction.None).HasSentinel(RetentionAction.None);
        builder.Property(s => s.RetentionLastResult).HasMaxLength(Survey.RetentionResultMaxLength);
        builder.Ignore(s => s.RetentionDueAt);
        builder.Ignore(s => s.NonIdentifyingAttributes);
        builder.Ignore(s => s.AllowsPublicLink);
        builder.Ignore(s => s.AllowsPersonalLinks);
        builder.Ignore(s => s.Draft);
        builder.Ignore(s => s.IsEditable);
        builder.Ignore(s => s.CanBeDeleted);

        builder.HasMany(s => s.Versions).WithOne().HasForeignKey(v => v.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Shares).WithOne().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}
