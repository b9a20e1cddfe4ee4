using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BlueGreen.Aws.ParameterStore;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The JSON of every state value (lock, header, step, list page) and the size check each write passes: a value
    /// over <see cref="ParameterStoreLimits.MaxValueBytes"/> is refused with StateValueTooLarge, never cut.
    /// </summary>
    internal static class DeploymentStateCodec
    {
        internal const int FormatVersion = 1;

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            // Non-ASCII stays UTF-8 (at most 3 bytes per UTF-16 unit) instead of 6-byte \uXXXX escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter() },
        };

        internal static string Write<T>(T document, string what)
        {
            string json = JsonSerializer.Serialize(document, Options);
            int bytes = Encoding.UTF8.GetByteCount(json);
            if (bytes > ParameterStoreLimits.MaxValueBytes)
            {
                throw new BlueGreenException("StateValueTooLarge", FailureCategory.LimitsExceeded,
                    $"The {what} would take {bytes} bytes; a standard Parameter Store value holds at most {ParameterStoreLimits.MaxValueBytes}. Nothing was written; shorten the texts it holds.",
                    what);
            }

            return json;
        }

        internal static int Size<T>(T document) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(document, Options));

        internal static T Read<T>(StoredParameter parameter)
            where T : class
        {
            try
            {
                return JsonSerializer.Deserialize<T>(parameter.Value, Options) ?? throw new JsonException("empty document");
            }
            catch (JsonException ex)
            {
                throw new BlueGreenException("StateValueUnreadable", FailureCategory.InvalidData,
                    $"The deployment state parameter {parameter.Name} is not BlueGreen's JSON ({ex.Message}). Something else wrote it; delete or fix it with the AWS CLI ('aws ssm get-parameter --name {parameter.Name}').",
                    parameter.Name, ex);
            }
        }

        internal sealed class LockDocument
        {
            public int V { get; set; } = FormatVersion;

            public string LockId { get; set; } = string.Empty;

            public string Holder { get; set; } = string.Empty;

            public string Operation { get; set; } = string.Empty;

            public string? Release { get; set; }

            public DateTime AcquiredAt { get; set; }

            public string? Message { get; set; }

            public string? DeploymentId { get; set; }
        }

        internal sealed class HeaderDocument
        {
            public int V { get; set; } = FormatVersion;

            public string Id { get; set; } = string.Empty;

            public string Release { get; set; } = string.Empty;

            public string? From { get; set; }

            public string? To { get; set; }

            public string Operation { get; set; } = string.Empty;

            public string StartedBy { get; set; } = string.Empty;

            public DateTime StartedAt { get; set; }

            public DateTime? EndedAt { get; set; }

            public DeploymentStatus Status { get; set; }

            public string? LockId { get; set; }

            public string? Message { get; set; }

            public DateTime? MaintenanceStart { get; set; }

            public DateTime? MaintenanceEnd { get; set; }
        }

        internal sealed class StepDocument
        {
            public int N { get; set; }

            public string Name { get; set; } = string.Empty;

            public string? Detail { get; set; }

            public DateTime Start { get; set; }

            public DateTime? End { get; set; }

            public StepOutcome Outcome { get; set; }

            public string? Error { get; set; }

            /// <summary>
            /// The end of an earlier step (Succeeded or Skipped) written in this step's first value instead of its own
            /// (see <see cref="DeploymentJournal.EndStepWithNextWriteAsync"/>); null in journals written before.
            /// </summary>
            public StepEndDocument? Ends { get; set; }
        }

        /// <summary>A step's end carried by a later step's value.</summary>
        internal sealed class StepEndDocument
        {
            public int N { get; set; }

            public StepOutcome Outcome { get; set; }

            public DateTime End { get; set; }
        }

        /// <summary>What a deployment decided and must remember to resume (its plan, its groups, its machines' names).</summary>
        internal sealed class FactsDocument
        {
            public int V { get; set; } = FormatVersion;

            public Dictionary<string, string> Facts { get; set; } = new Dictionary<string, string>();

            /// <summary>
            /// Facts too long for this value (a fleet's machine names), kept in pages of their own: the key, and which
            /// of its two page slots holds the value and in how many pages (see <see cref="FactPages"/>). Null in
            /// journals written before facts were paged, and whenever every fact fits this value.
            /// </summary>
            public Dictionary<string, FactPagesDocument>? Paged { get; set; }
        }

        /// <summary>Where a paged fact lives: slot a or b, pages 1..Count (see <see cref="FactPages"/>).</summary>
        internal sealed class FactPagesDocument
        {
            public string Slot { get; set; } = FactPages.SlotA;

            public int Count { get; set; }
        }

        /// <summary>One page of a paged fact's text.</summary>
        internal sealed class FactPageDocument
        {
            public string Text { get; set; } = string.Empty;
        }

        /// <summary>The kept output of a command (e.g. migrate).</summary>
        internal sealed class OutputDocument
        {
            public int V { get; set; } = FormatVersion;

            public string Text { get; set; } = string.Empty;
        }

        internal sealed class MachineDocument
        {
            public string Name { get; set; } = string.Empty;

            public string? Id { get; set; }
        }

        internal sealed class PageDocument<T>
        {
            public List<T> Items { get; set; } = new List<T>();
        }
    }
}
