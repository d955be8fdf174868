using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SurveyPlatform.Web.Data.Migrations;

/// <summary>
/// Written by hand, provider-neutral and without a model snapshot. Column types are left to the
/// provider, which maps the CLR types; only identity columns carry one annotation per provider, and
/// each provider ignores the others'. MigrationSchemaTests proves the result equals the model on SQLite
/// and PostgreSQL, SqlServerScriptTests the SQL Server script.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);

        // ASP.NET Core Identity (schema version 1).
        migrationBuilder.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AspNetRoles", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AspNetUsers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                RoleId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UserId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                RoleId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");
        migrationBuilder.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);
        migrationBuilder.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");
        migrationBuilder.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);

        // Surveys.
        migrationBuilder.CreateTable(
            name: "Surveys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                OwnerId = table.Column<string>(nullable: false),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 4000, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                PublicCode = table.Column<string>(maxLength: 16, nullable: true),
                DraftDefinitionJson = table.Column<string>(nullable: false),
                PublishedVersion = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                PublishedAt = table.Column<DateTime>(nullable: true),
                CloseAt = table.Column<DateTime>(nullable: true),
                ClosedAt = table.Column<DateTime>(nullable: true),
                ClosedBy = table.Column<string>(maxLength: 16, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Surveys", x => x.Id);
                table.ForeignKey("FK_Surveys_AspNetUsers_OwnerId", x => x.OwnerId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_Surveys_OwnerId", "Surveys", "OwnerId");
        migrationBuilder.CreateIndex("IX_Surveys_PublicCode", "Surveys", "PublicCode", unique: true);
        migrationBuilder.CreateIndex("IX_Surveys_Status_CloseAt", "Surveys", new[] { "Status", "CloseAt" });

        migrationBuilder.CreateTable(
            name: "SurveyVersions",
            columns: table => new
            {
                SurveyId = table.Column<Guid>(nullable: false),
                Number = table.Column<int>(nullable: false),
                DefinitionJson = table.Column<string>(nullable: false),
                PublishedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SurveyVersions", x => new { x.SurveyId, x.Number });
                table.ForeignKey("FK_SurveyVersions_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "SurveyShares",
            columns: table => new
            {
                SurveyId = table.Column<Guid>(nullable: false),
                UserId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SurveyShares", x => new { x.SurveyId, x.UserId });
                table.ForeignKey("FK_SurveyShares_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_SurveyShares_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_SurveyShares_UserId", "SurveyShares", "UserId");

        // Responses and answers.
        migrationBuilder.CreateTable(
            name: "Responses",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SurveyId = table.Column<Guid>(nullable: false),
                Version = table.Column<int>(nullable: false),
                SubmittedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Responses", x => x.Id);
                table.ForeignKey("FK_Responses_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_Responses_SurveyId_SubmittedAt", "Responses", new[] { "SurveyId", "SubmittedAt" });

        migrationBuilder.CreateTable(
            name: "Answers",
            columns: table => new
            {
                ResponseId = table.Column<Guid>(nullable: false),
                QuestionCode = table.Column<string>(maxLength: 32, nullable: false),
                Value = table.Column<string>(maxLength: 4000, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Answers", x => new { x.ResponseId, x.QuestionCode });
                table.ForeignKey("FK_Answers_Responses_ResponseId", x => x.ResponseId, "Responses", "Id", onDelete: ReferentialAction.Cascade);
            });

        // Scoring.
        migrationBuilder.CreateTable(
            name: "ScoringRuns",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SurveyId = table.Column<Guid>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                EngineVersion = table.Column<string>(maxLength: 32, nullable: false),
                InputHash = table.Column<string>(maxLength: 64, nullable: true),
                StartedAt = table.Column<DateTime>(nullable: false),
                FinishedAt = table.Column<DateTime>(nullable: true),
                N = table.Column<int>(nullable: false),
                Mean = table.Column<double>(nullable: true),
                StandardDeviation = table.Column<double>(nullable: true),
                Error = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ScoringRuns", x => x.Id);
                table.ForeignKey("FK_ScoringRuns_Surveys_SurveyId", x => x.SurveyId, "Surveys", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_ScoringRuns_SurveyId_StartedAt", "ScoringRuns", new[] { "SurveyId", "StartedAt" });

        migrationBuilder.CreateTable(
            name: "ResponseScores",
            columns: table => new
            {
                RunId = table.Column<Guid>(nullable: false),
                ResponseId = table.Column<Guid>(nullable: false),
                Score = table.Column<double>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ResponseScores", x => new { x.RunId, x.ResponseId });
                table.ForeignKey("FK_ResponseScores_Responses_ResponseId", x => x.ResponseId, "Responses", "Id", onDelete: ReferentialActions.CascadeUnlessSqlServer(migrationBuilder));
                table.ForeignKey("FK_ResponseScores_ScoringRuns_RunId", x => x.RunId, "ScoringRuns", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_ResponseScores_ResponseId", "ResponseScores", "ResponseId");

        // Administration.
        migrationBuilder.CreateTable(
            name: "UserInvitations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Email = table.Column<string>(maxLength: 256, nullable: false),
                Role = table.Column<string>(maxLength: 32, nullable: false),
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                InvitedById = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                AcceptedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_UserInvitations", x => x.Id);
                table.ForeignKey("FK_UserInvitations_AspNetUsers_InvitedById", x => x.InvitedById, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_UserInvitations_InvitedById", "UserInvitations", "InvitedById");
        migrationBuilder.CreateIndex("IX_UserInvitations_TokenHash", "UserInvitations", "TokenHash", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in new[]
        {
            "UserInvitations", "ResponseScores", "ScoringRuns", "Answers", "Responses", "SurveyShares",
            "SurveyVersions", "Surveys", "AspNetRoleClaims", "AspNetUserClaims", "AspNetUserLogins",
            "AspNetUserRoles", "AspNetUserTokens", "AspNetRoles", "AspNetUsers",
        })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
