using System.Globalization;
using System.Text;

namespace BlueGreen.Aws.ModelGenerator
{
    /// <summary>
    /// A small JSON reader for the service models: objects as <see cref="ModelJsonObject"/> (members in document order),
    /// arrays as lists, strings, numbers as double, true/false, null. Enough for botocore's service-2.json; it throws on
    /// anything that is not JSON.
    /// </summary>
    internal sealed class ModelJson
    {
        private readonly string _text;
        private int _at;

        private ModelJson(string text) => _text = text;

        public static object? Parse(string text)
        {
            var reader = new ModelJson(text);
            object? value = reader.Value();
            reader.SkipSpace();
            return reader._at == text.Length ? value : throw reader.Error("end of input");
        }

        private object? Value()
        {
            SkipSpace();
            char c = _at < _text.Length ? _text[_at] : '\0';
            switch (c)
            {
                case '{':
                    return Object();
                case '[':
                    return Array();
                case '"':
                    return String();
                case 't':
                    return Word("true", true);
                case 'f':
                    return Word("false", false);
                case 'n':
                    return Word("null", null);
                default:
                    return Number();
            }
        }

        private ModelJsonObject Object()
        {
            var result = new ModelJsonObject();
            _at++;
            SkipSpace();
            if (Peek('}'))
            {
                return result;
            }

            do
            {
                SkipSpace();
                string name = String();
                SkipSpace();
                Expect(':');
                result.Add(name, Value());
                SkipSpace();
            }
            while (Peek(','));
            Expect('}');
            return result;
        }

        private List<object?> Array()
        {
            var result = new List<object?>();
            _at++;
            SkipSpace();
            if (Peek(']'))
            {
                return result;
            }

            do
            {
                result.Add(Value());
                SkipSpace();
            }
            while (Peek(','));
            Expect(']');
            return result;
        }

        private string String()
        {
            Expect('"');
            var text = new StringBuilder();
            while (_at < _text.Length && _text[_at] != '"')
            {
                char c = _text[_at++];
                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }

                char escape = _text[_at++];
                switch (escape)
                {
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u':
                        text.Append((char)int.Parse(_text.Substring(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _at += 4;
                        break;
                    default: text.Append(escape); break;
                }
            }

            Expect('"');
            return text.ToString();
        }

        private double Number()
        {
            int start = _at;
            while (_at < _text.Length && "+-.eE0123456789".IndexOf(_text[_at]) >= 0)
            {
                _at++;
            }

            return double.TryParse(_text.Substring(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
                ? number
                : throw Error("a value");
        }

        private object? Word(string word, object? value)
        {
            if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0)
            {
                throw Error(word);
            }

            _at += word.Length;
            return value;
        }

        private bool Peek(char c)
        {
            if (_at < _text.Length && _text[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!Peek(c))
            {
                throw Error("'" + c + "'");
            }
        }

        private void SkipSpace()
        {
            while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
            {
                _at++;
            }
        }

        private FormatException Error(string expected) => new FormatException($"Expected {expected} at character {_at} of the service model.");
    }
}
