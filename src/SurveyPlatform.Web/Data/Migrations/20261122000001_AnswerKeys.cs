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

    protected override void Up(MigrationBuilder migrationBuilder) => AlterLength(migrationBuilder, from: 32, to: 65);

    protected override void Down(MigrationBuilder migrationBuilder) => AlterLength(migrationBuilder, from: 65, to: 32);

    private static void AlterLength(MigrationBuilder migrationBuilder, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        if (!LengthIsStored(migrationBuilder))
        {
            return;
        }

        // SQL Server alters no column of a primary key, so there the key is dropped and made again around it.
        var rebuildKey = migrationBuilder.IsSqlServer();
        if (rebuildKey)
        {
            migrationBuilder.DropPrimaryKey(name: "PK_Answers", table: "Answers");
        }

        migrationBuilder.AlterColumn<string>(
            name: "QuestionCode",
            table: "Answers",
            maxLength: to,
            nullable: false,
            oldClrType: typeof(string),
            oldMaxLength: from,
            oldNullable: false);

        if (rebuildKey)
        {
            migrationBuilder.AddPrimaryKey(name: "PK_Answers", table: "Answers", columns: ["ResponseId", "QuestionCode"]);
        }
    }
}
