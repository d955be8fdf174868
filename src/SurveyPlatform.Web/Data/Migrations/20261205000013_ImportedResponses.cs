using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Imported responses: each response says where it came from (existing ones came from the form,
/// "web"), and an imported one keeps its id in the source file, unique per survey so that importing
/// the same file again adds nothing. Responses from the form have no external id; NULLs never clash.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000013_ImportedResponses")]
public sealed class ImportedResponses : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "Source", table: "Responses", maxLength: 16, nullable: false, defaultValue: "web");
        migrationBuilder.AddColumn<string>(name: "ExternalId", table: "Responses", maxLength: 100, nullable: true);
        migrationBuilder.CreateIndex("IX_Responses_SurveyId_ExternalId", "Responses", new[] { "SurveyId", "ExternalId" }, unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex(name: "IX_Responses_SurveyId_ExternalId", table: "Responses");
        migrationBuilder.DropColumn(name: "ExternalId", table: "Responses");
        migrationBuilder.DropColumn(name: "Source", table: "Responses");
    }
}
