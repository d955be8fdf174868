using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// The append-only audit trail: one hash-chained row per security-relevant event. No foreign keys
/// (entries outlive surveys and accounts). On PostgreSQL and SQLite triggers refuse UPDATE and
/// DELETE (and TRUNCATE on PostgreSQL), so not even a cascade or a hand-typed statement can change
/// the trail without first dropping them; SQL Server relies on the application's guard and the
/// hash chain (its triggers are not yet written, as no live server runs the tests).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000020_AuditTrail")]
public sealed class AuditTrail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Sequence = table.Column<long>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                ActorId = table.Column<string>(maxLength: 450, nullable: false),
                ActorEmail = table.Column<string>(maxLength: 256, nullable: false),
                TokenId = table.Column<Guid>(nullable: true),
                ClientAddress = table.Column<string>(maxLength: 64, nullable: true),
                SurveyId = table.Column<Guid>(nullable: true),
                Kind = table.Column<string>(maxLength: 64, nullable: false),
                What = table.Column<string>(maxLength: 1000, nullable: false),
                PreviousHash = table.Column<string>(maxLength: 64, nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_Sequence", table: "AuditEntries", column: "Sequence", unique: true);
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_SurveyId_Sequence", table: "AuditEntries", columns: ["SurveyId", "Sequence"]);
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_At", table: "AuditEntries", column: "At");

        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql(
                """
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'The audit trail is append-only: % on "AuditEntries" is refused', TG_OP;
                END
                $$;
                CREATE TRIGGER "AuditEntries_AppendOnly" BEFORE UPDATE OR DELETE ON "AuditEntries"
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                CREATE TRIGGER "AuditEntries_NoTruncate" BEFORE TRUNCATE ON "AuditEntries"
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);
        }
        else if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql(
                """
                CREATE TRIGGER "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE on "AuditEntries" is refused'); END;
                """);
            migrationBuilder.Sql(
                """
                CREATE TRIGGER "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: DELETE on "AuditEntries" is refused'); END;
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "AuditEntries");
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_entries_append_only();");
        }
    }
}
