namespace BlueGreen.Django
{
    /// <summary>One Django migration: its app label and its name, e.g. catalog.0002_product_price.</summary>
    public sealed class MigrationKey : IEquatable<MigrationKey>, IComparable<MigrationKey>
    {
        /// <summary>Both parts are validated with <see cref="MigrationNameRules"/>: they end up as manage.py arguments.</summary>
        public MigrationKey(string app, string name)
        {
            App = MigrationNameRules.ValidateAppLabel(app);
            Name = MigrationNameRules.ValidateMigrationName(name);
        }

        public string App { get; }

        public string Name { get; }

        /// <summary>Parses "app.name" as Django prints it.</summary>
        public static MigrationKey Parse(string text)
        {
            int dot = text?.IndexOf('.') ?? -1;
            if (text == null || dot <= 0 || dot == text.Length - 1)
            {
                throw MigrationNameRules.Invalid("migration", text, "it is not of the form app_label.migration_name");
            }

            return new MigrationKey(text.Substring(0, dot), text.Substring(dot + 1));
        }

        public bool Equals(MigrationKey? other) => other != null && App == other.App && Name == other.Name;

        public override bool Equals(object? obj) => Equals(obj as MigrationKey);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(App) * 31 + StringComparer.Ordinal.GetHashCode(Name);

        public int CompareTo(MigrationKey? other)
        {
            if (other == null)
            {
                return 1;
            }

            int byApp = string.CompareOrdinal(App, other.App);
            return byApp != 0 ? byApp : string.CompareOrdinal(Name, other.Name);
        }

        public override string ToString() => App + "." + Name;
    }
}
