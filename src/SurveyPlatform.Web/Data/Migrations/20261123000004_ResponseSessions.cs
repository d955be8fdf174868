using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Page-by-page answering: a session per respondent holds the partial answers, its secret's hash and
/// its page version; surveys gain an opening time, a response limit, a grace period after the close,
/// partial expiry and a language.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000004_ResponseSessions")]
public sealed class ResponseSessions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<DateTime>(name: "OpensAt", table: "Surveys", nullable: true);
        migrationBuilder.AddColumn<int>(name: "ResponseLimit", table: "Surveys", nullable: true);
        migrationBuilder.AddColumn<int>(name: "GraceMinutes", table: "Surveys", nullable: false, defaultValue: 60);
        migrationBuilder.AddColumn<int>(name: "PartialExpiryDays", table: "Surveys", nullable: false, defaultValue: 30);
        migrationBuilder.AddColumn<string>(name: "Language", table: "Surveys", maxLength: 8, nullable: true);

        migrationBuilder.CreateTable(
            name: "ResponseSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SurveyId = table.Column<Guid>(nullable: false),
                Version = table.Column<int>(nullable: false),
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                StartedAt = table.Column<DateTime>(nullable: false),
                SavedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                CompletedAt = table.Column<DateTime>(nullable: true),
                CurrentPage = table.Column<int>(nullable: false),
                PageVersion = table.Column<int>(nullable: false),
                ResumeMailsSent = table.Column<int>(nullable: false),
                AnswersJson = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ResponseSessions", x => x.Id);
                table.ForeignKey("FK_ResponseSessions_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_ResponseSessions_SurveyId_CompletedAt", "ResponseSessions", new[] { "SurveyId", "CompletedAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "ResponseSessions");
        migrationBuilder.DropColumn(name: "Language", table: "Surveys");
        migrationBuilder.DropColumn(name: "PartialExpiryDays", table: "Surveys");
        migrationBuilder.DropColumn(name: "GraceMinutes", table: "Surveys");
        migrationBuilder.DropColumn(name: "ResponseLimit", table: "Surveys");
        migrationBuilder.DropColumn(name: "OpensAt", table: "Surveys");
    }
}
