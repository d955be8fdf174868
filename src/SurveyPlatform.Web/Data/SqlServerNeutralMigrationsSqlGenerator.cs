using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Update;

namespace SurveyPlatform.Web.Data;

/// <summary>
/// SQL Server's SQL for our hand-written, provider-neutral migrations. They name no column types and
/// build no target model (EF hands the generator an empty one), so plain EF would map every unsized
/// string to nvarchar(max), which SQL Server refuses in a key or an index, and would guess a filter
/// for every column of a unique index. Where a migration leaves the type or the filter open, this
/// takes it from the current model, as EF does for a migration scaffolded with its model; what a
/// migration states (a length, a filter) still wins, and a column or index the model no longer has
/// keeps EF's own mapping. Registered for SQL Server only, so SQLite and PostgreSQL are untouched.
/// </summary>
internal sealed class SqlServerNeutralMigrationsSqlGenerator(
    MigrationsSqlGeneratorDependencies dependencies,
    ICommandBatchPreparer commandBatchPreparer)
    : SqlServerMigrationsSqlGenerator(dependencies, commandBatchPreparer)
{
    private IModel CurrentModel => Dependencies.CurrentContext.Context.GetService<IDesignTimeModel>().Model;

    protected override string GetColumnType(string? schema, string tableName, string name, ColumnOperation operation, IModel? model)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (IsEmpty(model)
            && CurrentModel.GetRelationalModel().FindTable(tableName, schema)?.FindColumn(name) is { } column
            && Unwrap(column.ProviderClrType) == Unwrap(operation.ClrType))
        {
            // The model's store type when the migration's facets agree with it; otherwise EF's mapping
            // of the migration's own facets, sized for a key or index when the column is one.
            return base.GetColumnType(schema, tableName, name, operation, CurrentModel);
        }

        return base.GetColumnType(schema, tableName, name, operation, model);
    }

    protected override void Generate(CreateIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (IsEmpty(model) && operation.Filter is null && FindModelIndex(operation) is { } index)
        {
            var filtered = new CreateIndexOperation
            {
                Name = operation.Name,
                Schema = operation.Schema,
                Table = operation.Table,
                Columns = operation.Columns,
                IsUnique = operation.IsUnique,
                IsDescending = operation.IsDescending,
                Filter = index.Filter,
            };
            filtered.AddAnnotations(operation.GetAnnotations());
            operation = filtered;
        }

        base.Generate(operation, model, builder, terminate);
    }

    // The model's index decides (above); EF's guess, a filter on every column it cannot find, only
    // for an index the model does not have.
    protected override bool UseLegacyIndexFilters(CreateIndexOperation operation, IModel? model) =>
        (!IsEmpty(model) || FindModelIndex(operation) is null) && base.UseLegacyIndexFilters(operation, model);

    // A migration without BuildTargetModel hands the generator an empty model rather than none.
    private static bool IsEmpty(IModel? model) => model?.GetEntityTypes().Any() != true;

    private ITableIndex? FindModelIndex(CreateIndexOperation operation) =>
        CurrentModel.GetRelationalModel().FindTable(operation.Table, operation.Schema)?.Indexes.FirstOrDefault(i =>
            i.Name == operation.Name
            && i.IsUnique == operation.IsUnique
            && i.Columns.Select(c => c.Name).SequenceEqual(operation.Columns));

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;
}
