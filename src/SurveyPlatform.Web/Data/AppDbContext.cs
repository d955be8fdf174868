using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SurveyPlatform.Domain.Distribution;
using SurveyPlatform.Domain.Reports;
using SurveyPlatform.Domain.Responding;
using SurveyPlatform.Domain.Scoring;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Admin;
using SurveyPlatform.Web.Audit;
using SurveyPlatform.Web.Results;
using SurveyPlatform.Web.Api;

namespace SurveyPlatform.Web.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyVersion> SurveyVersions => Set<SurveyVersion>();
    public DbSet<SurveyShare> SurveyShares => Set<SurveyShare>();
    public DbSet<SurveyResponse> Responses => Set<SurveyResponse>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<ResponseSession> ResponseSessions => Set<ResponseSession>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<ParticipantLink> ParticipantLinks => Set<ParticipantLink>();
    public DbSet<Mailing> Mailings => Set<Mailing>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<ScoringRun> ScoringRuns => Set<ScoringRun>();
    public DbSet<ScoringRunResult> ScoringResults => Set<ScoringRunResult>();
    public DbSet<StoredRespondentScore> RespondentScores => Set<StoredRespondentScore>();
    public DbSet<SurveyScoringModel> ScoringModels => Set<SurveyScoringModel>();
    public DbSet<UserInvitation> UserInvitations => Set<UserInvitation>();
    public DbSet<DownloadAudit> DownloadAudits => Set<DownloadAudit>();
    public DbSet<PersonalAccessToken> AccessTokens => Set<PersonalAccessToken>();
    public DbSet<ReportSettings> ReportSettings => Set<ReportSettings>();
    public DbSet<ReportDelivery> ReportDeliveries => Set<ReportDelivery>();
    public DbSet<ReportLink> ReportLinks => Set<ReportLink>();
    public DbSet<AppSetting> AppSettings => Set<AppSetting>();

    /// <summary>The append-only audit trail: written only through <see cref="AuditTrail"/>.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Data Protection's key ring (see DataServiceCollectionExtensions).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Every context, however it was configured, refuses to change or delete an audit entry. The app's own
    /// (pooled) contexts get the guard with their options in AddData, and a pooled context may not change its
    /// options here; a context made by hand (tools, tests) gets it now.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(AuditEntryGuard.Instance) != true)
        {
            optionsBuilder.AddInterceptors(AuditEntryGuard.Instance);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        if (Database.IsSqlServer())
        {
            AvoidSecondCascadePaths(builder);
        }
    }

    /// <summary>
    /// SQL Server refuses a table reachable by two cascade paths from another: a survey reaches
    /// RespondentScores through its responses and its runs, and Deliveries through its participants
    /// and its mailings. There the path through a response or a mailing (neither is ever deleted on its
    /// own) is NO ACTION in the database (the migrations do the same), and EF still deletes tracked
    /// dependents itself. Deleting a survey still removes them in one statement, through its runs and
    /// participants: SQL Server's documentation has it apply every cascade before it checks NO ACTION
    /// (not yet seen on a live server). SQLite and PostgreSQL keep both cascades.
    /// </summary>
    private static void AvoidSecondCascadePaths(ModelBuilder builder)
    {
        builder.Entity<StoredRespondentScore>().HasOne<SurveyResponse>().WithMany().HasForeignKey(s => s.ResponseId)
            .OnDelete(DeleteBehavior.ClientCascade);
        builder.Entity<Delivery>().HasOne<Mailing>().WithMany().HasForeignKey(d => d.MailingId)
            .OnDelete(DeleteBehavior.ClientCascade);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC. SQLite hands values back as Unspecified; this restores the kind so
        // comparisons and PostgreSQL's timestamptz both see the same instant.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
