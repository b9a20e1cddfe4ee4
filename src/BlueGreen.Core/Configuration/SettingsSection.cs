using System.Collections;
using System.Globalization;

namespace BlueGreen.Configuration
{
    /// <summary>
    /// One level of a settings file being read: typed access by key, a path for error messages
    /// ("Machines.Ec2.InstanceType"), and a check that no unknown key was left (a typo is an error, not ignored).
    /// </summary>
    internal sealed class SettingsSection
    {
        private readonly IDictionary<string, object?> _values;
        private readonly HashSet<string> _read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly string _source;

        internal SettingsSection(IDictionary<string, object?> values, string path, string source)
        {
            _values = new Dictionary<string, object?>(values, StringComparer.OrdinalIgnoreCase);
            Path = path;
            _source = source;
        }

        internal string Path { get; }

        internal string? String(string key, string? fallback = null)
        {
            object? value = Take(key);
            switch (value)
            {
                case null:
                    return fallback;
                case string text when text.Trim().Length == 0:
                    throw Invalid(key, "is empty", "give it a value or remove the key to use the default");
                case string text:
                    return text.Trim();
                case IConvertible scalar when !(value is bool):
                    return Convert.ToString(scalar, CultureInfo.InvariantCulture);
                default:
                    throw Invalid(key, $"is a {Describe(value)}, not text", "write it as a quoted string, e.g. " + key + " = 'value'");
            }
        }

        internal IReadOnlyList<string> StringList(string key, IReadOnlyList<string> fallback)
        {
            object? value = Take(key);
            if (value == null)
            {
                return fallback;
            }

            if (value is string single)
            {
                return single.Trim().Length == 0 ? Array.Empty<string>() : new[] { single.Trim() };
            }

            if (value is IEnumerable items && !(value is IDictionary))
            {
                var list = new List<string>();
                int index = 0;
                foreach (object? item in items)
                {
                    if (!(item is string text) || text.Length == 0)
                    {
                        throw Invalid(key, $"has item {index} that is {(item == null ? "empty" : "a " + Describe(item))}", "write a list of quoted strings, e.g. " + key + " = @('a', 'b')");
                    }

                    list.Add(text);
                    index++;
                }

                return list;
            }

            throw Invalid(key, $"is a {Describe(value)}, not a list of strings", "write it as " + key + " = @('a', 'b')");
        }

        /// <summary>The list, or null when the key is absent (an empty list stays empty, for the caller to refuse).</summary>
        internal IReadOnlyList<string>? StringListOrNull(string key) => _values.ContainsKey(key) ? StringList(key, Array.Empty<string>()) : StringList(key, null!);

        /// <summary>A duration given in whole seconds (a key such as <c>TimeoutSeconds</c>), from <paramref name="minimum"/> to <paramref name="maximum"/> seconds.</summary>
        internal TimeSpan Seconds(string key, TimeSpan fallback, int minimum, int maximum) =>
            TimeSpan.FromSeconds(Int(key, (int)fallback.TotalSeconds, minimum, maximum));

        internal int Int(string key, int fallback, int minimum, int maximum)
        {
            object? value = Take(key);
            return value == null ? fallback
                : WholeNumber(key, value, minimum, maximum, "is", $"write a number from {minimum} to {maximum} without quotes", $"use a number from {minimum} to {maximum}");
        }

        /// <summary>One whole number of <paramref name="key"/> (its value, or an item of its list: <paramref name="verb"/> "is" or "has"), checked against the range.</summary>
        private int WholeNumber(string key, object? item, int minimum, int maximum, string verb, string howToWrite, string range)
        {
            int number;
            try
            {
                number = item == null || item is string || item is bool ? throw new FormatException() : Convert.ToInt32(item, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException)
            {
                throw Invalid(key, $"{verb} '{item}', not a whole number", howToWrite);
            }

            if (number < minimum || number > maximum)
            {
                throw Invalid(key, $"{verb} {number}, outside {minimum}..{maximum}", range);
            }

            return number;
        }

        /// <summary>A list of whole numbers (one number alone is a list of one); <paramref name="fallback"/> when the key is absent.</summary>
        internal IReadOnlyList<int> IntList(string key, IReadOnlyList<int> fallback, int minimum, int maximum)
        {
            object? value = Take(key);
            if (value == null)
            {
                return fallback;
            }

            IEnumerable items = value is IEnumerable list && !(value is string) && !(value is IDictionary) ? list : new[] { value };
            var numbers = new List<int>();
            foreach (object? item in items)
            {
                numbers.Add(WholeNumber(key, item, minimum, maximum, "has", $"write numbers from {minimum} to {maximum} without quotes, e.g. {key} = @(10, 50)", $"use numbers from {minimum} to {maximum}"));
            }

            return numbers;
        }

        internal double Double(string key, double fallback, double minimum, double maximum)
        {
            object? value = Take(key);
            if (value == null)
            {
                return fallback;
            }

            double number;
            try
            {
                number = value is string || value is bool ? throw new FormatException() : Convert.ToDouble(value, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException)
            {
                throw Invalid(key, $"is '{value}', not a number", $"write a number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)} without quotes");
            }

            if (double.IsNaN(number) || number < minimum || number > maximum)
            {
                throw Invalid(key, $"is {number.ToString(CultureInfo.InvariantCulture)}, outside {minimum.ToString(CultureInfo.InvariantCulture)}..{maximum.ToString(CultureInfo.InvariantCulture)}",
                    $"use a number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}");
            }

            return number;
        }

        internal bool Bool(string key, bool fallback)
        {
            object? value = Take(key);
            return value switch
            {
                null => fallback,
                bool flag => flag,
                _ => throw Invalid(key, $"is '{value}', not $true or $false", $"write {key} = $true or {key} = $false, without quotes"),
            };
        }

        internal TEnum Enum<TEnum>(string key, TEnum fallback)
            where TEnum : struct
        {
            string? text = String(key);
            if (text == null)
            {
                return fallback;
            }

            if (System.Enum.TryParse(text, true, out TEnum parsed) && System.Enum.IsDefined(typeof(TEnum), parsed) && !int.TryParse(text, out _))
            {
                return parsed;
            }

            throw Invalid(key, $"is '{text}'", "use one of: " + string.Join(", ", System.Enum.GetNames(typeof(TEnum))));
        }

        internal SettingsSection Section(string key)
        {
            object? value = Take(key);
            if (value == null)
            {
                return new SettingsSection(new Dictionary<string, object?>(), Join(key), _source);
            }

            if (value is IDictionary<string, object?> nested)
            {
                return new SettingsSection(nested, Join(key), _source);
            }

            throw Invalid(key, $"is a {Describe(value)}, not a section", "write it as " + key + " = @{ ... }");
        }

        /// <summary>A section of text values (e.g. environment variables), keys as written; empty when the key is absent.</summary>
        internal IReadOnlyDictionary<string, string> StringMap(string key)
        {
            SettingsSection nested = Section(key);
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string name in nested._values.Keys.ToList())
            {
                object? value = nested._values[name];
                if (value is IDictionary || (value is IEnumerable && !(value is string)))
                {
                    throw Invalid(key, $"has '{name}' as a {Describe(value!)}, not text", "write each entry as Name = 'value'");
                }

                map[name] = nested.String(name) ?? throw Invalid(key, $"has no value for '{name}'", "give it a value or remove it");
            }

            return map;
        }

        /// <summary>Throws when the file has a key nobody read: most likely a typo.</summary>
        internal void RejectUnknownKeys(params string[] known)
        {
            foreach (string key in _values.Keys)
            {
                if (!_read.Contains(key))
                {
                    throw new BlueGreenException(
                        "ConfigurationUnknownSetting",
                        FailureCategory.InvalidData,
                        $"{_source}: unknown setting '{Join(key)}'. Known settings{(Path.Length == 0 ? string.Empty : " in " + Path)}: {string.Join(", ", known)}. Fix the name or remove it.",
                        Join(key));
                }
            }
        }

        internal BlueGreenException Invalid(string key, string problem, string fix) =>
            new BlueGreenException(
                "ConfigurationInvalidSetting",
                FailureCategory.InvalidData,
                $"{_source}: setting '{Join(key)}' {problem}: {fix}.",
                Join(key));

        internal BlueGreenException Missing(string key, string fix) =>
            new BlueGreenException(
                "ConfigurationMissingSetting",
                FailureCategory.InvalidData,
                $"{_source}: setting '{Join(key)}' is missing: {fix}.",
                Join(key));

        private object? Take(string key)
        {
            _read.Add(key);
            return _values.TryGetValue(key, out object? value) ? value : null;
        }

        private string Join(string key) => Path.Length == 0 ? key : Path + "." + key;

        private static string Describe(object value) => value switch
        {
            IDictionary<string, object?> _ => "section (@{ })",
            IEnumerable _ when !(value is string) => "list",
            bool _ => "boolean",
            _ => value.GetType().Name,
        };
    }
}
