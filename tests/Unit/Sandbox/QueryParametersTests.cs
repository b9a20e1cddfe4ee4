using BlueGreen.Sandbox.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    public class QueryParametersTests
    {
        [Fact]
        public void ReadsElbV2MemberListsAndNestedStructuresInIndexOrder()
        {
            QueryParameters parameters = QueryParameters.ParseForm(
                "Action=ModifyListener&DefaultActions.member.1.Type=forward" +
                "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.10.TargetGroupArn=arn%3Aten&DefaultActions.member.1.ForwardConfig.TargetGroups.member.10.Weight=10" +
                "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn=arn%3Atwo&DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight=90");

            var action = Assert.Single(parameters.Items("DefaultActions.member"));
            Assert.Equal("forward", action["Type"]);
            var groups = action.Section("ForwardConfig").Items("TargetGroups.member");
            Assert.Equal(new[] { "arn:two", "arn:ten" }, new[] { groups[0]["TargetGroupArn"], groups[1]["TargetGroupArn"] });
            Assert.Equal("90", groups[0]["Weight"]);
        }

        [Fact]
        public void ReadsEc2FlattenedListsAndMergesUrlQueryWithBody()
        {
            QueryParameters parameters = QueryParameters.ParseForm("?Action=DescribeInstances&Version=2016-11-15",
                "Filter.1.Name=tag%3Abluegreen%3Aproject&Filter.1.Value.1=demo&Filter.1.Value.2=web+app&InstanceId.2=i-2&InstanceId.1=i-1");

            Assert.Equal("DescribeInstances", parameters["Action"]);
            Assert.Equal(new[] { "i-1", "i-2" }, parameters.Values("InstanceId"));
            var filter = Assert.Single(parameters.Items("Filter"));
            Assert.Equal("tag:bluegreen:project", filter["Name"]);
            Assert.Equal(new[] { "demo", "web app" }, filter.Values("Value"));
        }

        [Fact]
        public void FingerprintIgnoresOrderAndExcludedKeys()
        {
            var first = QueryParameters.ParseForm("ImageId=ami-1&MinCount=1&ClientToken=a");
            var second = QueryParameters.ParseForm("MinCount=1&ClientToken=b&ImageId=ami-1");
            Assert.Equal(first.Fingerprint("ClientToken"), second.Fingerprint("ClientToken"));
            Assert.NotEqual(first.Fingerprint(), second.Fingerprint());
        }
    }
}
