using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Jobs moved to Hangfire, whose storage keeps its own tables (schema <c>hangfire</c> on PostgreSQL,
/// a file of its own on SQLite). The previous scheduler's tables (<c>QRTZ_*</c>), which it created
/// at start in the application's database, are dropped if they exist; what they scheduled is
/// recreated from the application's tables at start (<c>ScheduledWork</c>). SQL Server never had them.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261204000012_RemoveOldJobStore")]
public sealed class RemoveOldJobStore : Migration
{
    // Children before parents, so no foreign key is left pointing at a dropped table.
    private static readonly string[] Tables =
    [
        "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS",
        "QRTZ_SIMPROP_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_BLOB_TRIGGERS",
        "QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS",
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in Tables)
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
            }
            else if (migrationBuilder.IsNpgsql())
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table.ToLowerInvariant()} CASCADE;");
            }
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Nothing to restore: the tables held only job bookkeeping, which the application's data recreates.
    }
}
