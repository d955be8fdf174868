using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>Opening and closing times are entered in the owner's time zone (stored times stay UTC).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000008_SurveyTimeZone")]
public sealed class SurveyTimeZone : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "TimeZone", table: "Surveys", maxLength: 64, nullable: false, defaultValue: "UTC");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropColumn(name: "TimeZone", table: "Surveys");
    }
}
