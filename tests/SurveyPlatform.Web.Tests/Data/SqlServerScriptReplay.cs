using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// No SQL Server engine runs here, so a script is parsed with Microsoft's own T-SQL parser (ScriptDom)
/// and its DDL replayed into a catalogue of tables, columns, keys, indexes and foreign keys. On the
/// way it records every statement SQL Server would refuse by the rules that bite hand-written
/// migrations: nvarchar(max) or a column of more than 900 bytes in a key or index (a key whose columns
/// together may pass 900 bytes is a warning, as in SQL Server), nvarchar beyond 4000, a nullable
/// primary-key column, a foreign key to a missing key or of another type, two cascade paths to one
/// table or a cycle, altering a key column, dropping what something else still uses, names used
/// twice, and a statement naming a column added earlier in its batch. Strings run through EXEC are
/// parsed and replayed too, each as its own batch. Quoted identifiers are off, as in sqlcmd without
/// -I, so a double-quoted name is a parse error rather than a surprise.
/// </summary>
internal sealed partial class SqlServerScriptReplay
{
    public const string HistoryTable = "__EFMigrationsHistory";
    private const int KeyLimitBytes = 900;

    private readonly Dictionary<string, Table> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _constraintNames = new(StringComparer.OrdinalIgnoreCase);
    private Batch _batch = new();

    public List<string> ParseErrors { get; } = [];
    public List<string> Refusals { get; } = [];

    /// <summary>Keys whose columns together may pass 900 bytes (SQL Server warns and creates them).</summary>
    public List<string> Warnings { get; } = [];

    public static SqlServerScriptReplay Run(params string[] scripts)
    {
        var replay = new SqlServerScriptReplay();
        foreach (var script in scripts)
        {
            replay.Apply(script);
        }

        return replay;
    }

    /// <summary>The catalogue as sorted lines, without the migrations history table.</summary>
    public List<string> Describe(bool withDefaults)
    {
        var lines = new List<string>();
        foreach (var table in _tables.Values.Where(t => !t.Name.Equals(HistoryTable, StringComparison.OrdinalIgnoreCase)))
        {
            lines.Add($"table {table.Name}");
            foreach (var column in table.Columns.Values)
            {
                lines.Add(ColumnLine(table.Name, column.Name, column.Type, column.Nullable, column.Identity));
                if (withDefaults && column.Default is not null)
                {
                    lines.Add($"default {table.Name}.{column.Name} {column.Default}");
                }
            }

            if (table.PrimaryKey is { } key)
            {
                lines.Add(PrimaryKeyLine(table.Name, key.Name, key.Columns));
            }

            lines.AddRange(table.Indexes.Values.Select(i => IndexLine(table.Name, i.Name, i.Unique, i.Columns, i.Filter)));
            lines.AddRange(table.ForeignKeys.Values.Select(f => ForeignKeyLine(table.Name, f.Name, f.Columns, f.Principal, f.PrincipalColumns, f.OnDelete)));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public IEnumerable<string> TableNames => _tables.Keys;

    // One format for the catalogue and for the model, so the two compare line by line.
    public static string ColumnLine(string table, string column, string type, bool nullable, bool identity) =>
        $"column {table}.{column} {type} {(nullable ? "NULL" : "NOT NULL")}{(identity ? " IDENTITY" : string.Empty)}";

    public static string PrimaryKeyLine(string table, string name, IEnumerable<string> columns) =>
        $"primary key {table} {name} ({string.Join(", ", columns)})";

    public static string IndexLine(string table, string name, bool unique, IEnumerable<string> columns, string? filter) =>
        $"index {table} {name} {(unique ? "unique" : "non-unique")} ({string.Join(", ", columns)}){(filter is null ? string.Empty : " where " + filter)}";

    public static string ForeignKeyLine(string table, string name, IEnumerable<string> columns, string principal, IEnumerable<string> principalColumns, string onDelete) =>
        $"foreign key {table} {name} ({string.Join(", ", columns)}) -> {principal} ({string.Join(", ", principalColumns)}) on delete {onDelete}";

    /// <summary>
    /// Bytes a value of this store type takes in an index key, or null for a type SQL Server does not
    /// allow in a key at all (the max types).
    /// </summary>
    public static int? KeyBytes(string storeType)
    {
        var match = SizedType().Match(storeType);
        if (match.Success)
        {
            if (match.Groups["size"].Value.Equals("max", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var size = int.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture);
            return match.Groups["name"].Value.StartsWith('n') ? 2 * size : size;
        }

        return storeType.ToLowerInvariant() switch
        {
            "uniqueidentifier" => 16,
            "bigint" or "float" or "datetime2" or "datetime" => 8,
            "int" or "real" => 4,
            "smallint" => 2,
            "tinyint" or "bit" => 1,
            "datetimeoffset" => 10,
            "date" => 3,
            _ => throw new InvalidOperationException($"No key size known for {storeType}; add it here."),
        };
    }

    private void Apply(string script)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: false);
        var fragment = parser.Parse(new StringReader(script), out var errors);
        foreach (var error in errors)
        {
            var line = script.Split('\n').ElementAtOrDefault(error.Line - 1)?.Trim();
            ParseErrors.Add($"line {error.Line}, column {error.Column}: {error.Message} in: {line}");
        }

        if (errors.Count == 0)
        {
            var outer = _batch;
            foreach (var batch in ((TSqlScript)fragment).Batches)
            {
                _batch = new Batch();
                foreach (var statement in batch.Statements)
                {
                    Apply(statement);
                }
            }

            _batch = outer;
        }
    }

    private void Apply(TSqlStatement statement)
    {
        switch (statement)
        {
            // Every condition in a migration script guards work still to do on an empty database.
            case IfStatement condition:
                Apply(condition.ThenStatement);
                break;
            case BeginEndBlockStatement block:
                foreach (var inner in block.StatementList.Statements)
                {
                    Apply(inner);
                }

                break;
            case ExecuteStatement { ExecuteSpecification.ExecutableEntity: ExecutableStringList list }:
                // EF drops a column's default constraint by a name it looks up at run time (a variable);
                // ALTER and DROP COLUMN below forget the default themselves. Literal strings are replayed.
                if (list.Strings.All(s => s is StringLiteral))
                {
                    Apply(string.Concat(list.Strings.Cast<StringLiteral>().Select(s => s.Value)));
                }

                break;
            case CreateTableStatement create:
                CreateTable(create);
                break;
            case AlterTableAddTableElementStatement add:
                AddElements(Name(add.SchemaObjectName), add.Definition);
                break;
            case AlterTableAlterColumnStatement alter:
                AlterColumn(alter);
                break;
            case AlterTableDropTableElementStatement drop:
                foreach (var element in drop.AlterTableDropTableElements)
                {
                    DropElement(Name(drop.SchemaObjectName), element);
                }

                break;
            case CreateIndexStatement index:
                CreateIndex(index);
                break;
            case DropIndexStatement dropIndex:
                foreach (var clause in dropIndex.DropIndexClauses.Cast<DropIndexClause>())
                {
                    if (FindTable(Name(clause.Object), "DROP INDEX") is { } table && !table.Indexes.Remove(clause.Index.Value))
                    {
                        Refusals.Add($"DROP INDEX {clause.Index.Value}: no such index on {table.Name}");
                    }
                }

                break;
            case DropTableStatement dropTable:
                foreach (var name in dropTable.Objects.Select(Name))
                {
                    DropTable(name);
                }

                break;
            case InsertStatement or UpdateStatement or DeleteStatement or SelectStatement:
                CheckCompiledColumns(statement);
                break;
            case DeclareVariableStatement or SetVariableStatement
                or BeginTransactionStatement or CommitTransactionStatement:
                break; // Data and script plumbing, no schema.
            default:
                Refusals.Add($"The replay does not know {statement.GetType().Name}: {Text(statement)}");
                break;
        }
    }

    private void CreateTable(CreateTableStatement create)
    {
        var name = Name(create.SchemaObjectName);
        if (_tables.ContainsKey(name))
        {
            Refusals.Add($"CREATE TABLE {name}: it exists");
            return;
        }

        _tables[name] = new Table(name);
        _batch.CreatedTables.Add(name);
        AddElements(name, create.Definition);
    }

    private void AddElements(string tableName, TableDefinition definition)
    {
        if (FindTable(tableName, "ALTER TABLE ADD") is not { } table)
        {
            return;
        }

        foreach (var column in definition.ColumnDefinitions)
        {
            AddColumn(table, column);
        }

        // Keys first: a foreign key in the same statement may point at its own table's key.
        foreach (var constraint in definition.TableConstraints.OrderBy(c => c is ForeignKeyConstraintDefinition))
        {
            switch (constraint)
            {
                case UniqueConstraintDefinition { IsPrimaryKey: true } primaryKey:
                    AddPrimaryKey(table, primaryKey);
                    break;
                case ForeignKeyConstraintDefinition foreignKey:
                    AddForeignKey(table, foreignKey);
                    break;
                case DefaultConstraintDefinition { Column: not null } columnDefault:
                    if (FindColumn(table, columnDefault.Column.Value, "ADD DEFAULT") is { } target)
                    {
                        target.Default = Text(columnDefault.Expression);
                    }

                    break;
                default:
                    Refusals.Add($"The replay does not know the constraint {Text(constraint)} on {table.Name}");
                    break;
            }
        }
    }

    private void AddColumn(Table table, ColumnDefinition definition)
    {
        var name = definition.ColumnIdentifier.Value;
        if (table.Columns.ContainsKey(name))
        {
            Refusals.Add($"ADD {table.Name}.{name}: the column exists");
            return;
        }

        foreach (var constraint in definition.Constraints.Where(c => c is not NullableConstraintDefinition))
        {
            Refusals.Add($"The replay does not know the column constraint {Text(constraint)} on {table.Name}.{name}");
        }

        if (!_batch.CreatedTables.Contains(table.Name))
        {
            _batch.AddedColumns.Add((table.Name, name));
        }

        var type = TypeOf(definition.DataType, $"{table.Name}.{name}");
        var nullable = definition.Constraints.OfType<NullableConstraintDefinition>().SingleOrDefault()?.Nullable ?? true;
        table.Columns[name] = new Column(name, type, nullable, definition.IdentityOptions is not null)
        {
            Default = definition.DefaultConstraint is { } d ? Text(d.Expression) : null,
        };
    }

    private void AddPrimaryKey(Table table, UniqueConstraintDefinition definition)
    {
        var name = definition.ConstraintIdentifier?.Value ?? $"PK_{table.Name}";
        var columns = definition.Columns.Select(c => ColumnName(c.Column)).ToList();
        if (table.PrimaryKey is not null)
        {
            Refusals.Add($"{name}: {table.Name} already has a primary key");
            return;
        }

        if (!ClaimName(name) || !CheckKey(table, name, columns))
        {
            return;
        }

        foreach (var column in columns.Select(c => table.Columns[c]).Where(c => c.Nullable))
        {
            Refusals.Add($"{name}: primary-key column {table.Name}.{column.Name} is nullable");
        }

        table.PrimaryKey = new Key(name, columns);
    }

    private void AddForeignKey(Table table, ForeignKeyConstraintDefinition definition)
    {
        var name = definition.ConstraintIdentifier?.Value ?? $"FK_{table.Name}";
        var columns = definition.Columns.Select(c => c.Value).ToList();
        var principalColumns = definition.ReferencedTableColumns.Select(c => c.Value).ToList();
        if (!ClaimName(name) || FindTable(Name(definition.ReferenceTableName), name) is not { } principal)
        {
            return;
        }

        var referencesAKey = principal.PrimaryKey?.Columns.SequenceEqual(principalColumns, StringComparer.OrdinalIgnoreCase) == true
            || principal.Indexes.Values.Any(i => i.Unique && i.Filter is null && i.Columns.SequenceEqual(principalColumns, StringComparer.OrdinalIgnoreCase));
        if (!referencesAKey)
        {
            Refusals.Add($"{name}: {principal.Name} ({string.Join(", ", principalColumns)}) is no primary key or unique index");
            return;
        }

        foreach (var (column, principalColumn) in columns.Zip(principalColumns))
        {
            if (FindColumn(table, column, name) is { } dependent
                && !string.Equals(dependent.Type, principal.Columns[principalColumn].Type, StringComparison.OrdinalIgnoreCase))
            {
                Refusals.Add($"{name}: {table.Name}.{column} is {dependent.Type} but {principal.Name}.{principalColumn} is {principal.Columns[principalColumn].Type}");
            }
        }

        var onDelete = definition.DeleteAction switch
        {
            DeleteUpdateAction.Cascade => "CASCADE",
            DeleteUpdateAction.SetNull => "SET NULL",
            DeleteUpdateAction.SetDefault => "SET DEFAULT",
            _ => "NO ACTION",
        };
        var foreignKey = new ForeignKey(name, columns, principal.Name, principalColumns, onDelete);
        table.ForeignKeys[name] = foreignKey;
        var paths = CascadePaths.Problems(CascadeEdges());
        if (onDelete != "NO ACTION" && paths.Count > 0)
        {
            Refusals.Add($"{name} may cause cycles or multiple cascade paths: {string.Join("; ", paths)}");
            table.ForeignKeys.Remove(name);
        }
    }

    public IReadOnlyList<CascadePaths.Edge> CascadeEdges() =>
        [.. _tables.Values.SelectMany(t => t.ForeignKeys.Values
            .Where(f => f.OnDelete != "NO ACTION")
            .Select(f => new CascadePaths.Edge(f.Principal, t.Name, f.Name)))];

    private void AlterColumn(AlterTableAlterColumnStatement alter)
    {
        var tableName = Name(alter.SchemaObjectName);
        var name = alter.ColumnIdentifier.Value;
        if (FindTable(tableName, "ALTER COLUMN") is not { } table || FindColumn(table, name, "ALTER COLUMN") is not { } column)
        {
            return;
        }

        var type = TypeOf(alter.DataType, $"{tableName}.{name}");
        var usedBy = UsersOf(table, name).ToList();
        if (usedBy.Any(u => u.Kind is "primary key" or "foreign key"))
        {
            Refusals.Add($"ALTER COLUMN {tableName}.{name}: {string.Join(", ", usedBy.Select(u => u.Name))} depends on it");
            return;
        }

        // An index may keep a (n)varchar column whose type stays and whose length does not shrink.
        if (usedBy.Count > 0 && (BaseType(type) != BaseType(column.Type) || KeyBytes(type) < KeyBytes(column.Type)))
        {
            Refusals.Add($"ALTER COLUMN {tableName}.{name} from {column.Type} to {type}: {string.Join(", ", usedBy.Select(u => u.Name))} depends on it");
            return;
        }

        table.Columns[name] = column with { Type = type, Nullable = alter.AlterTableAlterColumnOption != AlterTableAlterColumnOption.NotNull, Default = null };
        CheckKeysOf(table, name);
    }

    private void DropElement(string tableName, AlterTableDropTableElement element)
    {
        if (FindTable(tableName, "DROP") is not { } table)
        {
            return;
        }

        var name = element.Name.Value;
        if (element.TableElementType == TableElementType.Column)
        {
            var usedBy = UsersOf(table, name).ToList();
            if (usedBy.Count > 0)
            {
                Refusals.Add($"DROP COLUMN {tableName}.{name}: {string.Join(", ", usedBy.Select(u => u.Name))} depends on it");
            }
            else if (!table.Columns.Remove(name))
            {
                Refusals.Add($"DROP COLUMN {tableName}.{name}: no such column");
            }
        }
        else if (table.PrimaryKey?.Name == name)
        {
            var referencing = _tables.Values.SelectMany(t => t.ForeignKeys.Values)
                .Where(f => f.Principal.Equals(table.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (referencing.Count > 0)
            {
                Refusals.Add($"DROP CONSTRAINT {name}: {string.Join(", ", referencing.Select(f => f.Name))} references it");
                return;
            }

            table.PrimaryKey = null;
            _constraintNames.Remove(name);
        }
        else if (table.ForeignKeys.Remove(name))
        {
            _constraintNames.Remove(name);
        }
        else
        {
            Refusals.Add($"DROP {element.TableElementType} {name}: nothing of that name on {tableName}");
        }
    }

    private void CreateIndex(CreateIndexStatement statement)
    {
        var name = statement.Name.Value;
        if (FindTable(Name(statement.OnName), name) is not { } table)
        {
            return;
        }

        if (table.Indexes.ContainsKey(name))
        {
            Refusals.Add($"CREATE INDEX {name}: {table.Name} has one of that name");
            return;
        }

        var columns = statement.Columns.Select(c => ColumnName(c.Column)).ToList();
        if (CheckKey(table, name, columns))
        {
            table.Indexes[name] = new Index(name, statement.Unique, columns, statement.FilterPredicate is null ? null : Text(statement.FilterPredicate));
        }
    }

    private void DropTable(string name)
    {
        if (FindTable(name, "DROP TABLE") is not { } table)
        {
            return;
        }

        var referencing = _tables.Values.Where(t => t != table)
            .SelectMany(t => t.ForeignKeys.Values).Where(f => f.Principal.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (referencing.Count > 0)
        {
            Refusals.Add($"DROP TABLE {name}: {string.Join(", ", referencing.Select(f => f.Name))} references it");
            return;
        }

        _tables.Remove(name);
        _constraintNames.ExceptWith(table.ForeignKeys.Keys);
        if (table.PrimaryKey is { } key)
        {
            _constraintNames.Remove(key.Name);
        }
    }

    /// <summary>
    /// SQL Server compiles a batch before running it. A table created in the batch is resolved late,
    /// but a column added in the batch to a table that already existed is unknown at compile time, so
    /// a statement naming it fails unless it runs through EXEC (its own batch).
    /// </summary>
    private void CheckCompiledColumns(TSqlStatement statement)
    {
        var names = new NameCollector();
        statement.Accept(names);
        foreach (var (table, column) in _batch.AddedColumns.Where(a => names.Tables.Contains(a.Table) && names.Columns.Contains(a.Column)))
        {
            Refusals.Add($"Invalid column name '{column}': {table}.{column} is added in the same batch as {Text(statement)}");
        }
    }

    private bool CheckKey(Table table, string name, List<string> columns)
    {
        var known = columns.Select(c => FindColumn(table, c, name)).ToList();
        if (known.Any(c => c is null))
        {
            return false;
        }

        var sizes = known.Select(c => (c!.Name, c.Type, Bytes: KeyBytes(c.Type))).ToList();
        foreach (var (column, type, bytes) in sizes.Where(s => s.Bytes is null || s.Bytes > KeyLimitBytes))
        {
            Refusals.Add($"{name}: {table.Name}.{column} is {type}, {(bytes is null ? "which no key or index can hold" : $"more than {KeyLimitBytes} bytes")}");
        }

        // SQL Server creates a key of variable-length columns whose sum may pass the limit, with a
        // warning: a row whose values are that long would then be refused.
        var total = sizes.Sum(s => s.Bytes ?? 0);
        if (total > KeyLimitBytes)
        {
            Warnings.Add($"{table.Name} {name}");
        }

        return true;
    }

    // A widened column must still fit every key and index it is part of.
    private void CheckKeysOf(Table table, string column)
    {
        if (table.PrimaryKey is { } key && key.Columns.Contains(column, StringComparer.OrdinalIgnoreCase))
        {
            CheckKey(table, key.Name, key.Columns);
        }

        foreach (var index in table.Indexes.Values.Where(i => i.Columns.Contains(column, StringComparer.OrdinalIgnoreCase)))
        {
            CheckKey(table, index.Name, index.Columns);
        }
    }

    private IEnumerable<(string Kind, string Name)> UsersOf(Table table, string column)
    {
        if (table.PrimaryKey is { } key && key.Columns.Contains(column, StringComparer.OrdinalIgnoreCase))
        {
            yield return ("primary key", key.Name);
        }

        foreach (var index in table.Indexes.Values.Where(i => i.Columns.Contains(column, StringComparer.OrdinalIgnoreCase)))
        {
            yield return ("index", index.Name);
        }

        foreach (var foreignKey in table.ForeignKeys.Values.Where(f => f.Columns.Contains(column, StringComparer.OrdinalIgnoreCase)))
        {
            yield return ("foreign key", foreignKey.Name);
        }

        foreach (var foreignKey in _tables.Values.SelectMany(t => t.ForeignKeys.Values)
                     .Where(f => f.Principal.Equals(table.Name, StringComparison.OrdinalIgnoreCase) && f.PrincipalColumns.Contains(column, StringComparer.OrdinalIgnoreCase)))
        {
            yield return ("foreign key", foreignKey.Name);
        }
    }

    private string TypeOf(DataTypeReference dataType, string column)
    {
        var name = dataType.Name.BaseIdentifier.Value.ToLowerInvariant();
        var parameters = dataType is ParameterizedDataTypeReference p ? p.Parameters.Select(x => x.Value.ToLowerInvariant()).ToList() : [];
        var type = parameters.Count == 0 ? name : $"{name}({string.Join(",", parameters)})";
        var limit = name switch { "nvarchar" or "nchar" => 4000, "varchar" or "char" or "varbinary" or "binary" => 8000, _ => int.MaxValue };
        if (parameters.Count == 1 && int.TryParse(parameters[0], CultureInfo.InvariantCulture, out var length) && (length < 1 || length > limit))
        {
            Refusals.Add($"{column}: {type} is out of range (1 to {limit}, or max)");
        }

        return type;
    }

    private bool ClaimName(string name)
    {
        if (_constraintNames.Add(name))
        {
            return true;
        }

        Refusals.Add($"{name}: a constraint of that name exists");
        return false;
    }

    private Table? FindTable(string name, string what)
    {
        if (_tables.TryGetValue(name, out var table))
        {
            return table;
        }

        Refusals.Add($"{what}: no table {name}");
        return null;
    }

    private Column? FindColumn(Table table, string name, string what)
    {
        if (table.Columns.TryGetValue(name, out var column))
        {
            return column;
        }

        Refusals.Add($"{what}: no column {table.Name}.{name}");
        return null;
    }

    private static string BaseType(string type) => type.Split('(')[0];

    private static string Name(SchemaObjectName name) => name.BaseIdentifier.Value;

    private static string ColumnName(ColumnReferenceExpression column) => column.MultiPartIdentifier.Identifiers[^1].Value;

    private static string Text(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
            .Select(i => fragment.ScriptTokenStream[i].Text));

    [GeneratedRegex(@"^(?<name>n?var(char|binary)|n?char|binary)\((?<size>\d+|max)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex SizedType();

    private sealed class Batch
    {
        public HashSet<string> CreatedTables { get; } = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<(string Table, string Column)> AddedColumns { get; } = [];
    }

    private sealed class NameCollector : TSqlFragmentVisitor
    {
        public HashSet<string> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(NamedTableReference node) => Tables.Add(Name(node.SchemaObject));

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier is { } identifier)
            {
                Columns.Add(identifier.Identifiers[^1].Value);
            }
        }
    }

    private sealed class Table(string name)
    {
        public string Name { get; } = name;
        public Dictionary<string, Column> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Key? PrimaryKey { get; set; }
        public Dictionary<string, Index> Indexes { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, ForeignKey> ForeignKeys { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private sealed record Column(string Name, string Type, bool Nullable, bool Identity)
    {
        public string? Default { get; set; }
    }

    private sealed record Key(string Name, List<string> Columns);

    private sealed record Index(string Name, bool Unique, List<string> Columns, string? Filter);

    private sealed record ForeignKey(string Name, List<string> Columns, string Principal, List<string> PrincipalColumns, string OnDelete);
}

/// <summary>
/// SQL Server refuses a foreign key whose cascading delete closes a cycle or reaches a table that
/// another chain of cascades from the same table already reaches.
/// </summary>
internal static class CascadePaths
{
    public sealed record Edge(string Principal, string Dependent, string ForeignKey);

    public static List<string> Problems(IReadOnlyCollection<Edge> edges)
    {
        var problems = new List<string>();
        foreach (var source in edges.Select(e => e.Principal).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var paths = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            Walk(source, [source], source);
            problems.AddRange(paths.Where(p => p.Value.Count > 1)
                .Select(p => $"{p.Key} is reached from {source} by {p.Value.Count} cascade paths ({string.Join(" | ", p.Value)})"));

            void Walk(string table, List<string> visited, string path)
            {
                foreach (var edge in edges.Where(e => e.Principal.Equals(table, StringComparison.OrdinalIgnoreCase)))
                {
                    var next = $"{path} -{edge.ForeignKey}-> {edge.Dependent}";
                    if (visited.Contains(edge.Dependent, StringComparer.OrdinalIgnoreCase))
                    {
                        problems.Add($"cycle: {next}");
                        continue;
                    }

                    if (!paths.TryGetValue(edge.Dependent, out var arrivals))
                    {
                        paths[edge.Dependent] = arrivals = [];
                    }

                    arrivals.Add(next);
                    Walk(edge.Dependent, [.. visited, edge.Dependent], next);
                }
            }
        }

        return [.. problems.Distinct(StringComparer.Ordinal)];
    }
}
