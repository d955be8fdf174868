using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>Respondents' own reports: the owner's setting per survey, one report e-mail per run and participant, and report links (hashes only).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000016_RespondentReports")]
public sealed class RespondentReports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "ReportSettings",
            columns: table => new
            {
                SurveyId = table.Column<Guid>(nullable: false),
                Enabled = table.Column<bool>(nullable: false),
                LinkDays = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ReportSettings", x => x.SurveyId);
                table.ForeignKey("FK_ReportSettings_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ReportDeliveries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RunId = table.Column<Guid>(nullable: false),
                ParticipantId = table.Column<Guid>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                SentAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ReportDeliveries", x => x.Id);
                table.ForeignKey("FK_ReportDeliveries_Participants_ParticipantId", x => x.ParticipantId, "Participants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ReportDeliveries_RunId_ParticipantId", "ReportDeliveries", new[] { "RunId", "ParticipantId" }, unique: true);
        migrationBuilder.CreateIndex("IX_ReportDeliveries_ParticipantId", "ReportDeliveries", "ParticipantId");

        migrationBuilder.CreateTable(
            name: "ReportLinks",
            columns: table => new
            {
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                ResponseId = table.Column<Guid>(nullable: false),
                IssuedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                OneTime = table.Column<bool>(nullable: false),
                UsedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ReportLinks", x => x.TokenHash);
                table.ForeignKey("FK_ReportLinks_Responses_ResponseId", x => x.ResponseId, "Responses", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ReportLinks_ResponseId", "ReportLinks", "ResponseId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "ReportLinks");
        migrationBuilder.DropTable(name: "ReportDeliveries");
        migrationBuilder.DropTable(name: "ReportSettings");
    }
}
