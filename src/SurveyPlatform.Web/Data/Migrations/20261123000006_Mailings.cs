using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>Invitation and reminder mailings, one delivery per person and round, mailed links (hashes only), opt-outs.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000006_Mailings")]
public sealed class Mailings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<DateTime>(name: "SentAt", table: "Participants", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "OptedOutAt", table: "Participants", nullable: true);
        migrationBuilder.AddColumn<bool>(name: "OptedOutEverywhere", table: "Participants", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "LastError", table: "Participants", maxLength: 1000, nullable: true);
        migrationBuilder.AddColumn<int>(name: "Reminders", table: "Participants", nullable: false, defaultValue: 0);
        migrationBuilder.CreateIndex("IX_Participants_Email", "Participants", "Email");

        migrationBuilder.CreateTable(
            name: "Mailings",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SurveyId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                Subject = table.Column<string>(maxLength: 200, nullable: false),
                Body = table.Column<string>(maxLength: 20000, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ScheduledAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                RatePerMinute = table.Column<int>(nullable: false),
                Round = table.Column<int>(nullable: false),
                MaxRounds = table.Column<int>(nullable: false),
                RepeatDays = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Mailings", x => x.Id);
                table.ForeignKey("FK_Mailings_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Mailings_SurveyId", "Mailings", "SurveyId");

        migrationBuilder.CreateTable(
            name: "Deliveries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MailingId = table.Column<Guid>(nullable: false),
                ParticipantId = table.Column<Guid>(nullable: false),
                Round = table.Column<int>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                SentAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Deliveries", x => x.Id);
                table.ForeignKey("FK_Deliveries_Mailings_MailingId", x => x.MailingId, "Mailings", "Id", onDelete: ReferentialActions.CascadeUnlessSqlServer(migrationBuilder));
                table.ForeignKey("FK_Deliveries_Participants_ParticipantId", x => x.ParticipantId, "Participants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Deliveries_MailingId_ParticipantId_Round", "Deliveries", new[] { "MailingId", "ParticipantId", "Round" }, unique: true);
        migrationBuilder.CreateIndex("IX_Deliveries_MailingId_Status", "Deliveries", new[] { "MailingId", "Status" });
        migrationBuilder.CreateIndex("IX_Deliveries_ParticipantId", "Deliveries", "ParticipantId");

        migrationBuilder.CreateTable(
            name: "ParticipantLinks",
            columns: table => new
            {
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                ParticipantId = table.Column<Guid>(nullable: false),
                IssuedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ParticipantLinks", x => x.TokenHash);
                table.ForeignKey("FK_ParticipantLinks_Participants_ParticipantId", x => x.ParticipantId, "Participants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ParticipantLinks_ParticipantId", "ParticipantLinks", "ParticipantId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "ParticipantLinks");
        migrationBuilder.DropTable(name: "Deliveries");
        migrationBuilder.DropTable(name: "Mailings");
        migrationBuilder.DropIndex(name: "IX_Participants_Email", table: "Participants");
        migrationBuilder.DropColumn(name: "Reminders", table: "Participants");
        migrationBuilder.DropColumn(name: "LastError", table: "Participants");
        migrationBuilder.DropColumn(name: "OptedOutEverywhere", table: "Participants");
        migrationBuilder.DropColumn(name: "OptedOutAt", table: "Participants");
        migrationBuilder.DropColumn(name: "SentAt", table: "Participants");
    }
}
