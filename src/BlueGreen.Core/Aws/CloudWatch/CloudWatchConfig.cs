using BlueGreen.Aws.Protocol;
using BlueGreen.Aws.Query;

namespace BlueGreen.Aws.CloudWatch
{
    /// <summary>
    /// Client configuration for CloudWatch (service id "CloudWatch": AWS_ENDPOINT_URL_CLOUDWATCH; signed for
    /// "monitoring"), from the checked-in model (src/BlueGreen.Aws.Protocol/Models/cloudwatch.json). The client speaks the
    /// Query protocol, which CloudWatch serves alongside AWS JSON 1.0.
    /// </summary>
    public sealed class CloudWatchConfig : QueryServiceConfig
    {
        /// <summary>The CloudWatch service model every request and answer is read and written by.</summary>
        public static readonly ServiceModel ServiceModel = ServiceModel.Load("cloudwatch");

        public override ServiceModel Model => ServiceModel;
    }
}
