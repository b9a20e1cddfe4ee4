using Amazon.SimpleSystemsManagement;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace BlueGreen.Aws
{
    /// <summary>
    /// The SDK's SSM client whose calls take a slot of <paramref name="limiter"/> (see <see cref="AwsRequestSlotHandler"/>).
    /// </summary>
    public sealed class BoundedSimpleSystemsManagementClient(AWSCredentials credentials, AmazonSimpleSystemsManagementConfig config, AwsRequestLimiter limiter)
        : AmazonSimpleSystemsManagementClient(credentials, config)
    {
        // A primary constructor's field initializer runs before the base constructor, which builds the pipeline.
        private readonly AwsRequestLimiter _limiter = limiter;

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            AwsRequestSlotHandler.AddTo(pipeline, _limiter);
        }
    }
}
