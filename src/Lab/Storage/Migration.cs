namespace Workbench.Lab.Storage;

/// <summary>One schema change. Applied once, in its own transaction, in <see cref="Version"/> order, and recorded
/// in <c>schema_migrations</c>. Never edit a released migration: add a new one.</summary>
/// <param name="Version">Positive, increasing.</param>
/// <param name="Name">What it does, for <c>schema_migrations.name</c>.</param>
/// <param name="Sql">The statements for a dialect (several statements separated by semicolons).</param>
internal sealed record Migration(int Version, string Name, Func<SqlDialect, string> Sql);
