using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>People invited to a survey through personal links (only a hash of each link's token is stored).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000005_Participants")]
public sealed class Participants : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "Participants",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SurveyId = table.Column<Guid>(nullable: false),
                Email = table.Column<string>(maxLength: 320, nullable: false),
                FirstName = table.Column<string>(maxLength: 100, nullable: false),
                LastName = table.Column<string>(maxLength: 100, nullable: false),
                AttributesJson = table.Column<string>(nullable: false),
                TokenHash = table.Column<string>(maxLength: 64, nullable: true),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                SessionId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CompletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Participants", x => x.Id);
                table.ForeignKey("FK_Participants_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_Participants_TokenHash", "Participants", "TokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_Participants_SurveyId_Email", "Participants", new[] { "SurveyId", "Email" }, unique: true);
        migrationBuilder.CreateIndex("IX_Participants_SessionId", "Participants", "SessionId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "Participants");
    }
}
