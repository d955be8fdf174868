using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Access modes (public link, invitation, both; existing surveys keep both), anonymous mode, the
/// participant attributes marked non-identifying, and those attributes kept with anonymous responses.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000007_AccessAndAnonymity")]
public sealed class AccessAndAnonymity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "AccessMode", table: "Surveys", maxLength: 16, nullable: false, defaultValue: "Both");
        migrationBuilder.AddColumn<bool>(name: "Anonymous", table: "Surveys", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "NonIdentifyingAttributesJson", table: "Surveys", nullable: false, defaultValue: "[]");

        migrationBuilder.CreateTable(
            name: "ResponseAttributes",
            columns: table => new
            {
                ResponseId = table.Column<Guid>(nullable: false),
                AttributesJson = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ResponseAttributes", x => x.ResponseId);
                table.ForeignKey("FK_ResponseAttributes_Responses_ResponseId", x => x.ResponseId, "Responses", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(name: "ResponseAttributes");
        migrationBuilder.DropColumn(name: "NonIdentifyingAttributesJson", table: "Surveys");
        migrationBuilder.DropColumn(name: "Anonymous", table: "Surveys");
        migrationBuilder.DropColumn(name: "AccessMode", table: "Surveys");
    }
}
