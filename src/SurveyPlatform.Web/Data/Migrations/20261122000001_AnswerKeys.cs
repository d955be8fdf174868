using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>Answer keys grow from question codes (32) to matrix-row and "other" keys (<c>{code}_{row}</c>, 65).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000001_AnswerKeys")]
public sealed class AnswerKeys : Migration
{
    // SQLite stores TEXT without a length, so there is nothing to alter; and altering a column there
    // means a table rebuild that needs the model snapshot we do not keep.
    private static bool LengthIsStored(MigrationBuilder migrationBuilder) =>
        migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        if (!LengthIsStored(migrationBuilder))
        {
            return;
        }

        migrationBuilder.AlterColumn<string>(
            name: "QuestionCode",
            table: "Answers",
            maxLength: 65,
            nullable: false,
            oldClrType: typeof(string),
            oldMaxLength: 32,
            oldNullable: false);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        if (!LengthIsStored(migrationBuilder))
        {
            return;
        }

        migrationBuilder.AlterColumn<string>(
            name: "QuestionCode",
            table: "Answers",
            maxLength: 32,
            nullable: false,
            oldClrType: typeof(string),
            oldMaxLength: 65,
            oldNullable: false);
    }
}
