using System;
using System.Collections.Generic;
using System.Linq;
using BlueGreen.Sandbox.Model.Parameters;
using BlueGreen.Sandbox.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    public class ParameterStoreStateTests
    {
        private readonly SandboxWorldFixture _fixture = new SandboxWorldFixture();

        private ParameterStoreState Store => _fixture.World.Parameters;

        [Fact]
        public void VersionsStartAtOneAndEveryOverwriteAddsOne()
        {
            Assert.Equal(1, Put("/app/db/host", "a").Version);
            _fixture.Advance(TimeSpan.FromSeconds(5));
            ParameterPutResult second = Store.Put(new ParameterPutRequest { Name = "/app/db/host", Value = "b", Overwrite = true });
            ParameterPutResult third = Store.Put(new ParameterPutRequest { Name = "/app/db/host", Value = "b", Overwrite = true });

            Assert.Equal(2, second.Version);
            Assert.Equal(3, third.Version);
            Assert.Equal("Standard", third.Tier);
            SelectedParameter current = Store.Get("/app/db/host");
            Assert.Equal(3, current.Version.Version);
            Assert.Equal("String", current.Version.Type);
            Assert.Equal(_fixture.Now, current.Version.LastModifiedDate);
            Assert.Equal("a", Store.Get("/app/db/host:1").Version.Value);
            Assert.Equal(":1", Store.Get("/app/db/host:1").Selector);
            Assert.Equal("arn:aws:ssm:us-east-1:123456789012:parameter/app/db/host", current.Parameter.Arn);
        }

        [Fact]
        public void PutWithoutOverwriteOnAnExistingNameIsParameterAlreadyExistsAndChangesNothing()
        {
            Put("/app/db/host", "a");

            AwsErrorException error = Assert.Throws<AwsErrorException>(() => Put("/app/db/host", "b"));
            AwsErrorException notTrue = Assert.Throws<AwsErrorException>(() =>
                Store.Put(new ParameterPutRequest { Name = "/app/db/host", Value = "b", Type = "String", Overwrite = false }));

            Assert.Equal("ParameterAlreadyExists", error.Code);
            Assert.Equal("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.", error.Message);
            Assert.Equal("ParameterAlreadyExists", notTrue.Code);
            Assert.Equal("a", Store.Get("/app/db/host").Version.Value);
            Assert.Equal(1, Store.Get("/app/db/host").Version.Version);
        }

        [Fact]
        public void OverwriteKeepsTypeKeyAndDescriptionUnlessGivenAndTagsCannotComeWithIt()
        {
            Store.Put(new ParameterPutRequest { Name = "/app/key", Value = "s1", Type = "SecureString", Description = "api key" });
            Store.Put(new ParameterPutRequest { Name = "/app/key", Value = "s2", Overwrite = true });

            ParameterVersion current = Store.Get("/app/key").Version;
            Assert.Equal("SecureString", current.Type);
            Assert.Equal("alias/aws/ssm", current.KeyId);
            Assert.Equal("api key", current.Description);
            Assert.NotEqual("s2", current.EncryptedValue);
            AwsErrorException tags = Assert.Throws<AwsErrorException>(() => Store.Put(new ParameterPutRequest
            {
                Name = "/app/key", Value = "s3", Overwrite = true, Tags = new[] { new KeyValuePair<string, string>("team", "web") },
            }));
            Assert.Equal("ValidationException", tags.Code);
            Assert.StartsWith("Invalid request: tags and overwrite can't be used together.", tags.Message);
        }

        [Fact]
        public void ATypeIsRequiredToCreateAndMustBeOneOfTheThree()
        {
            AwsErrorException missing = Assert.Throws<AwsErrorException>(() => Store.Put(new ParameterPutRequest { Name = "/new", Value = "v" }));
            AwsErrorException wrong = Assert.Throws<AwsErrorException>(() => Store.Put(new ParameterPutRequest { Name = "/new", Value = "v", Type = "Integer" }));

            Assert.Equal("ValidationException", missing.Code);
            Assert.Equal("A parameter type is required when you create a parameter.", missing.Message);
            Assert.Equal("ValidationException", wrong.Code);
            Assert.Equal("1 validation error detected: Value 'Integer' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [String, StringList, SecureString]", wrong.Message);
            Assert.Empty(Store.Parameters);
        }

        [Theory]
        [InlineData("plain")]
        [InlineData("/a")]
        [InlineData("/Dev/DBServer/MySQL/db-string13")]
        [InlineData("with.dots_and-dashes")]
        [InlineData("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15")]
        public void AcceptsTheNamesParameterStoreAccepts(string name)
        {
            Assert.Equal(1, Put(name, "v").Version);
        }

        [Theory]
        [InlineData("", "ValidationException")]
        [InlineData("has space", "ValidationException")]
        [InlineData("/a//b", "ValidationException")]
        [InlineData("/a/b/", "ValidationException")]
        [InlineData("/app/<script>", "ValidationException")]
        [InlineData("/app/naïve", "ValidationException")]
        [InlineData("/app/a\u0000b", "ValidationException")]
        [InlineData("/app/a:b", "ValidationException")]
        [InlineData("app/db", "ValidationException")]
        [InlineData("awsConfig", "ValidationException")]
        [InlineData("SSM-thing", "ValidationException")]
        [InlineData("/ssm/thing", "ValidationException")]
        [InlineData("/aws/service/thing", "AccessDeniedException")]
        [InlineData("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16", "HierarchyLevelLimitExceededException")]
        public void RefusesNamesParameterStoreRefuses(string name, string code)
        {
            AwsErrorException error = Assert.Throws<AwsErrorException>(() => Put(name, "v"));

            Assert.Equal(code, error.Code);
            Assert.Empty(Store.Parameters);
        }

        [Fact]
        public void DotSegmentsAreOrdinaryCharactersNotPathTraversal()
        {
            Put("/app/../../etc/passwd", "v");

            Assert.Empty(Store.ByPath("/etc", true, NoFilters));
            Assert.Equal(new[] { "/app/../../etc/passwd" }, Names(Store.ByPath("/app", true, NoFilters)));
            Assert.Equal("arn:aws:ssm:us-east-1:123456789012:parameter/app/../../etc/passwd", Store.Get("/app/../../etc/passwd").Parameter.Arn);
        }

        [Fact]
        public void NamesAreCaseSensitiveAndAFullyQualifiedNameIsRequiredForAHierarchy()
        {
            Put("/App", "upper");
            Put("/app", "lower");

            Assert.Equal("upper", Store.Get("/App").Version.Value);
            Assert.Equal("lower", Store.Get("/app").Version.Value);
            Assert.Equal("Parameter name must be a fully qualified name.", Assert.Throws<AwsErrorException>(() => Put("app/db", "v")).Message);
            Assert.Equal(ParameterName.InvalidNameMessage, Assert.Throws<AwsErrorException>(() => Put("/has space", "v")).Message);
        }

        [Fact]
        public void ANameMayHave1011CharactersCountingTheArnPrefix()
        {
            string prefix = "arn:aws:ssm:us-east-1:123456789012:parameter/";
            string longest = "/" + new string('n', ParameterName.MaxLengthWithArn - prefix.Length);

            Assert.Equal(1, Put(longest, "v").Version);
            Assert.Equal(ParameterName.MaxLengthWithArn, Store.Get(longest).Parameter.Arn.Length);
            AwsErrorException tooLong = Assert.Throws<AwsErrorException>(() => Put(longest + "n", "v"));
            Assert.Equal("ValidationException", tooLong.Code);
            AwsErrorException wire = Assert.Throws<AwsErrorException>(() => Put("/" + new string('n', 3000), "v"));
            Assert.Equal("1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048", wire.Message);
        }

        [Fact]
        public void StandardValuesHoldUpTo4096BytesAndAdvancedUpTo8192()
        {
            Assert.Equal("Standard", Put("/std", new string('v', 4096)).Tier);
            AwsErrorException standard = Assert.Throws<AwsErrorException>(() => Put("/std-big", new string('v', 4097)));
            AwsErrorException multibyte = Assert.Throws<AwsErrorException>(() => Put("/std-euro", new string('€', 1366)));
            Assert.Equal("Advanced", Store.Put(new ParameterPutRequest { Name = "/adv", Value = new string('v', 8192), Type = "String", Tier = "Advanced" }).Tier);
            AwsErrorException advanced = Assert.Throws<AwsErrorException>(() =>
                Store.Put(new ParameterPutRequest { Name = "/adv-big", Value = new string('v', 8193), Type = "String", Tier = "Advanced" }));

            Assert.Equal("ValidationException", standard.Code);
            Assert.StartsWith("Standard tier parameters support a maximum parameter value of 4096 characters.", standard.Message);
            Assert.Equal("ValidationException", multibyte.Code);
            Assert.Equal("ValidationException", advanced.Code);
            Assert.Equal(new[] { "/adv", "/std" }, Store.Parameters.Select(p => p.Name));
        }

        [Fact]
        public void IntelligentTieringPicksStandardForSmallValuesAndAdvancedForLargeOnes()
        {
            ParameterPutResult small = Store.Put(new ParameterPutRequest { Name = "/it/small", Value = "v", Type = "String", Tier = "Intelligent-Tiering" });
            ParameterPutResult large = Store.Put(new ParameterPutRequest { Name = "/it/large", Value = new string('v', 5000), Type = "String", Tier = "Intelligent-Tiering" });
            AwsErrorException tier = Assert.Throws<AwsErrorException>(() =>
                Store.Put(new ParameterPutRequest { Name = "/it/x", Value = "v", Type = "String", Tier = "Premium" }));

            Assert.Equal("Standard", small.Tier);
            Assert.Equal("Advanced", large.Tier);
            Assert.Equal("ValidationException", tier.Code);
            Assert.Contains("[Standard, Advanced, Intelligent-Tiering]", tier.Message);
        }

        [Fact]
        public void AnAdvancedParameterStaysAdvancedAndCannotBeDowngraded()
        {
            Store.Put(new ParameterPutRequest { Name = "/adv", Value = "v", Type = "String", Tier = "Advanced" });

            Assert.Equal("Advanced", Store.Put(new ParameterPutRequest { Name = "/adv", Value = "w", Overwrite = true }).Tier);
            AwsErrorException downgrade = Assert.Throws<AwsErrorException>(() =>
                Store.Put(new ParameterPutRequest { Name = "/adv", Value = "x", Overwrite = true, Tier = "Standard" }));
            Assert.Equal("ValidationException", downgrade.Code);
            Assert.StartsWith("This parameter uses the advanced-parameter tier.", downgrade.Message);
            Assert.Equal(2, Store.Get("/adv").Version.Version);
        }

        [Fact]
        public void ValuesMustBeNonEmptyNotNestAndMatchTheAllowedPattern()
        {
            Assert.Equal("ValidationException", Assert.Throws<AwsErrorException>(() => Put("/e", "")).Code);
            Assert.Equal("ValidationException", Assert.Throws<AwsErrorException>(() => Put("/n", "{{ssm:/other}}")).Code);
            Assert.Equal(1, Store.Put(new ParameterPutRequest { Name = "/port", Value = "8000", Type = "String", AllowedPattern = "^\\d+$" }).Version);
            AwsErrorException mismatch = Assert.Throws<AwsErrorException>(() =>
                Store.Put(new ParameterPutRequest { Name = "/port", Value = "eighty", Overwrite = true }));
            AwsErrorException badPattern = Assert.Throws<AwsErrorException>(() =>
                Store.Put(new ParameterPutRequest { Name = "/p2", Value = "v", Type = "String", AllowedPattern = "([" }));
            AwsErrorException dataType = Assert.Throws<AwsErrorException>(() =>
                Store.Put(new ParameterPutRequest { Name = "/p3", Value = "v", Type = "String", DataType = "TEXT" }));

            Assert.Equal("ParameterPatternMismatchException", mismatch.Code);
            Assert.Equal("Parameter value, cannot be validated against allowedPattern: ^\\d+$", mismatch.Message);
            Assert.Equal("InvalidAllowedPatternException", badPattern.Code);
            Assert.Equal("ValidationException", dataType.Code);
            Assert.Equal("8000", Store.Get("/port").Version.Value);
        }

        [Fact]
        public void KeepsTheNewest100Versions()
        {
            Put("/many", "v0");
            for (int i = 1; i <= 104; i++)
            {
                Store.Put(new ParameterPutRequest { Name = "/many", Value = "v" + i, Overwrite = true });
            }

            StoredParameter parameter = Store.Get("/many").Parameter;
            Assert.Equal(ParameterStoreState.MaxVersions, parameter.Versions.Count);
            Assert.Equal(6, parameter.Versions[0].Version);
            Assert.Equal(105, parameter.Current.Version);
            Assert.Equal("ParameterVersionNotFound", Assert.Throws<AwsErrorException>(() => Store.Get("/many:5")).Code);
        }

        [Fact]
        public void GetAndDeleteOfAMissingParameterAreParameterNotFound()
        {
            Put("/here", "v");

            Assert.Equal("ParameterNotFound", Assert.Throws<AwsErrorException>(() => Store.Get("/gone")).Code);
            Assert.Equal("ParameterNotFound", Assert.Throws<AwsErrorException>(() => Store.Get("/here:label")).Code);
            Assert.Equal("ParameterNotFound", Assert.Throws<AwsErrorException>(() => Store.Delete("/gone")).Code);
            Store.Delete("/here");
            Assert.Null(Store.Find("/here"));
            Assert.Equal(1, Put("/here", "again").Version);
        }

        [Fact]
        public void ByPathListsOneLevelOrEveryLevelByName()
        {
            foreach (string name in new[] { "/app/b", "/app/a", "/app/sub/c", "/app/sub/deeper/d", "/application/x", "/other/y", "top" })
            {
                Put(name, "v");
            }

            Assert.Equal(new[] { "/app/a", "/app/b" }, Names(Store.ByPath("/app", false, NoFilters)));
            Assert.Equal(new[] { "/app/a", "/app/b" }, Names(Store.ByPath("/app/", false, NoFilters)));
            Assert.Equal(new[] { "/app/a", "/app/b", "/app/sub/c", "/app/sub/deeper/d" }, Names(Store.ByPath("/app", true, NoFilters)));
            Assert.Equal(new[] { "top" }, Names(Store.ByPath("/", false, NoFilters)));
            Assert.Equal(7, Store.ByPath("/", true, NoFilters).Count);
            Assert.Empty(Store.ByPath("/nothing", true, NoFilters));
        }

        [Theory]
        [InlineData("app")]
        [InlineData("")]
        [InlineData("/app//x")]
        [InlineData("/app x")]
        public void ByPathRefusesAPathThatIsNotAHierarchy(string path)
        {
            AwsErrorException error = Assert.Throws<AwsErrorException>(() => Store.ByPath(path, false, NoFilters));

            Assert.Equal("ValidationException", error.Code);
        }

        [Fact]
        public void ByPathFiltersByTypeAndKeyIdAndRefusesOtherKeysAndOptions()
        {
            Put("/f/plain", "v");
            Store.Put(new ParameterPutRequest { Name = "/f/secret", Value = "s", Type = "SecureString", KeyId = "alias/app" });
            Store.Put(new ParameterPutRequest { Name = "/f/list", Value = "a,b", Type = "StringList" });

            Assert.Equal(new[] { "/f/list", "/f/plain" }, Names(Store.ByPath("/f", false, new[] { Filter("Type", null, "String", "StringList") })));
            Assert.Equal(new[] { "/f/secret" }, Names(Store.ByPath("/f", false, new[] { Filter("KeyId", "Equals", "alias/app") })));
            Assert.Empty(Store.ByPath("/f", false, new[] { Filter("Label", null, "prod") }));
            Assert.Equal("InvalidFilterKey", Assert.Throws<AwsErrorException>(() => Store.ByPath("/f", false, new[] { Filter("Tier", null, "Standard") })).Code);
            Assert.Equal("InvalidFilterKey", Assert.Throws<AwsErrorException>(() => Store.ByPath("/f", false, new[] { Filter("tag:team", null, "web") })).Code);
            Assert.Equal("InvalidFilterOption", Assert.Throws<AwsErrorException>(() => Store.ByPath("/f", false, new[] { Filter("Type", "BeginsWith", "S") })).Code);
            Assert.Equal("InvalidFilterValue", Assert.Throws<AwsErrorException>(() => Store.ByPath("/f", false, new[] { Filter("Type", null) })).Code);
        }

        [Fact]
        public void DescribeFiltersByNamePathTypeTierDataTypeAndTag()
        {
            Put("/d/app/a", "v");
            Store.Put(new ParameterPutRequest { Name = "/d/app/sub/b", Value = "v", Type = "SecureString", Tags = new[] { new KeyValuePair<string, string>("team", "web") } });
            Store.Put(new ParameterPutRequest { Name = "/d/other", Value = "v", Type = "String", Tier = "Advanced" });
            Put("plain", "v");

            Assert.Equal(4, Store.Describe(NoFilters).Count);
            Assert.Equal(new[] { "/d/app/a", "/d/app/sub/b" }, Names(Store.Describe(new[] { Filter("Name", "BeginsWith", "/d/app") })));
            Assert.Equal(new[] { "plain" }, Names(Store.Describe(new[] { Filter("Name", null, "plain") })));
            Assert.Equal(new[] { "/d/app/sub/b", "/d/other" }, Names(Store.Describe(new[] { Filter("Name", "Contains", "b", "other") })));
            Assert.Equal(new[] { "/d/app/a" }, Names(Store.Describe(new[] { Filter("Path", null, "/d/app") })));
            Assert.Equal(new[] { "/d/app/a", "/d/app/sub/b" }, Names(Store.Describe(new[] { Filter("Path", "Recursive", "/d/app") })));
            Assert.Equal(new[] { "/d/app/sub/b" }, Names(Store.Describe(new[] { Filter("Type", null, "SecureString") })));
            Assert.Equal(new[] { "/d/other" }, Names(Store.Describe(new[] { Filter("Tier", null, "Advanced") })));
            Assert.Equal(4, Store.Describe(new[] { Filter("DataType", null, "text") }).Count);
            Assert.Equal(new[] { "/d/app/sub/b" }, Names(Store.Describe(new[] { Filter("tag:team", null) })));
            Assert.Empty(Store.Describe(new[] { Filter("tag:team", null, "db") }));
            Assert.Equal(new[] { "/d/app/a" }, Names(Store.Describe(new[] { Filter("Path", "Recursive", "/d"), Filter("Type", "Equals", "String"), Filter("Tier", null, "Standard") })));
            Assert.Equal("InvalidFilterKey", Assert.Throws<AwsErrorException>(() => Store.Describe(new[] { Filter("Owner", null, "me") })).Code);
            Assert.Equal("InvalidFilterOption", Assert.Throws<AwsErrorException>(() => Store.Describe(new[] { Filter("Path", "Equals", "/d") })).Code);
            Assert.Equal("InvalidFilterValue", Assert.Throws<AwsErrorException>(() => Store.Describe(new[] { Filter("Name", null) })).Code);
            Assert.Equal("ValidationException", Assert.Throws<AwsErrorException>(() => Store.Describe(new[] { Filter("Path", null, "d") })).Code);
        }

        private static readonly IReadOnlyList<ParameterFilter> NoFilters = Array.Empty<ParameterFilter>();

        private static ParameterFilter Filter(string key, string? option, params string[] values) => new ParameterFilter(key, option, values);

        private static IEnumerable<string> Names(IEnumerable<StoredParameter> parameters) => parameters.Select(p => p.Name);

        private ParameterPutResult Put(string name, string value) =>
            Store.Put(new ParameterPutRequest { Name = name, Value = value, Type = "String" });
    }
}
