using BlueGreen.Aws.Protocol;
using BlueGreen.Aws.Query;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// Client configuration for Elastic Load Balancing v2 (service id "Elastic Load Balancing v2": the SDK honours
    /// AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 and the shared config's <c>elastic_load_balancing_v2 = endpoint_url</c>),
    /// signed for "elasticloadbalancing", from the checked-in model (src/BlueGreen.Aws.Protocol/Models/elbv2.json).
    /// </summary>
    public sealed class ElasticLoadBalancingV2Config : QueryServiceConfig
    {
        /// <summary>The AWS service id; its upper-cased form names the service-specific endpoint variable.</summary>
        public const string ServiceIdentifier = "Elastic Load Balancing v2";

        /// <summary>The SigV4 signing name and the endpoint prefix.</summary>
        public const string SigningName = "elasticloadbalancing";

        /// <summary>The Query protocol API version every request carries.</summary>
        public const string ApiVersion = "2015-12-01";

        /// <summary>The ELBv2 service model every request and answer is read and written by.</summary>
        public static readonly ServiceModel ServiceModel = ServiceModel.Load("elbv2");

        public override ServiceModel Model => ServiceModel;
    }
}
