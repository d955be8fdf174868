using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Every download reads a survey's responses in submission order with the response id breaking ties.
/// The index on (survey, submission time) left the tie-break to a sort of every joined answer row (a
/// temporary B-tree holding each answer with its response's score columns); with the id in the index
/// the rows come out of the index in download order and nothing is sorted.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000023_ResponseOrderIndex")]
public sealed class ResponseOrderIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateIndex("IX_Responses_SurveyId_SubmittedAt_Id", "Responses", ["SurveyId", "SubmittedAt", "Id"]);
        migrationBuilder.DropIndex("IX_Responses_SurveyId_SubmittedAt", "Responses");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateIndex("IX_Responses_SurveyId_SubmittedAt", "Responses", ["SurveyId", "SubmittedAt"]);
        migrationBuilder.DropIndex("IX_Responses_SurveyId_SubmittedAt_Id", "Responses");
    }
}
