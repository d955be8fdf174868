using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

internal static class ReferentialActions
{
    /// <summary>
    /// For the second of two cascade paths from one table to another: SQL Server refuses two, so there
    /// this foreign key is NO ACTION, as in the model (AppDbContext); SQLite and PostgreSQL cascade.
    /// </summary>
    public static ReferentialAction CascadeUnlessSqlServer(MigrationBuilder migrationBuilder) =>
        migrationBuilder.IsSqlServer() ? ReferentialAction.NoAction : ReferentialAction.Cascade;
}
