using System.Collections.Generic;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of ModifyListener (see ModifyListenerRequestMarshaller).</summary>
    internal sealed class ModifyListenerRequest : ElasticLoadBalancingV2Request
    {
        public string? ListenerArn { get; set; }

        public List<Action> DefaultActions { get; set; } = new List<Action>();
    }
}
