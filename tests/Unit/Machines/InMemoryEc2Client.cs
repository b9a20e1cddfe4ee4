using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>
    /// An EC2 client whose RunInstances, DescribeInstances, DescribeInstanceStatus, GetConsoleOutput and TerminateInstances work on
    /// in-memory instances: ClientToken idempotency, tag filters, pagination by MaxResults/NextToken, an instance
    /// pending for <see cref="PendingPolls"/> describes and initializing for <see cref="InitializingPolls"/>
    /// status polls. Other operations go to the real client (and fail: nothing listens at its endpoint).
    /// </summary>
    internal sealed class InMemoryEc2Client : AmazonEC2Client
    {
        private readonly ConcurrentDictionary<string, InstanceRecord> _instances = new ConcurrentDictionary<string, InstanceRecord>();
        private int _nextId;

        internal InMemoryEc2Client()
            : base(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonEC2Config { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = "http://127.0.0.1:9" })
        {
        }

        internal int PendingPolls { get; set; } = 1;

        internal int InitializingPolls { get; set; } = 1;

        /// <summary>System status reported once initialisation is over (ok or impaired).</summary>
        internal string FinalStatus { get; set; } = "ok";

        /// <summary>Thrown by the next RunInstances after it has made the instance (an error reply after the fact).</summary>
        internal Exception? FailRunInstancesAfterLaunch { get; set; }

        internal List<RunInstancesRequest> RunRequests { get; } = new List<RunInstancesRequest>();

        internal List<DescribeInstancesRequest> DescribeRequests { get; } = new List<DescribeInstancesRequest>();

        internal ConcurrentQueue<string> Terminated { get; } = new ConcurrentQueue<string>();

        internal IEnumerable<Instance> Instances => _instances.Values.Select(r => r.Instance);

        internal IEnumerable<Instance> Alive => Instances.Where(i => i.State.Name.Value != "terminated" && i.State.Name.Value != "shutting-down");

        /// <summary>Adds a running, checked instance directly (for listing tests).</summary>
        internal Instance Add(string name, string project, string state = "running")
        {
            var record = NewRecord(Guid.NewGuid().ToString(), new List<Tag> { new Tag("Name", name), new Tag("bluegreen:project", project) });
            record.Instance.State = new InstanceState { Name = InstanceStateName.FindValue(state) };
            record.StatusPolls = int.MaxValue / 2;
            return record.Instance;
        }

        /// <summary>
        /// When set, RunInstances is "in flight" until it completes: the instance is made then, whether or not the
        /// caller has stopped waiting (as a server goes on with a request whose client hung up).
        /// </summary>
        internal TaskCompletionSource<bool>? RunInstancesInFlight { get; set; }

        /// <summary>Completed when a RunInstances request arrives.</summary>
        internal TaskCompletionSource<bool> RunInstancesArrived { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task<RunInstancesResponse> RunInstancesAsync(RunInstancesRequest request, CancellationToken cancellationToken = default)
        {
            lock (RunRequests)
            {
                RunRequests.Add(request);
            }

            RunInstancesArrived.TrySetResult(true);
            TaskCompletionSource<bool>? inFlight = RunInstancesInFlight;
            return inFlight == null ? Run(request) : ServedLater().WaitAsync(cancellationToken);

            async Task<RunInstancesResponse> ServedLater()
            {
                await inFlight.Task.ConfigureAwait(false);
                return await Run(request).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Capacity faults: each RunInstances takes the next entry, if any: the most instances it makes (fewer than
        /// MaxCount: "partial capacity"); 0 answers InsufficientInstanceCapacity, as EC2 does when it cannot make MinCount.
        /// </summary>
        internal ConcurrentQueue<int> Capacity { get; } = new ConcurrentQueue<int>();

        internal ConcurrentQueue<CreateTagsRequest> CreateTagsRequests { get; } = new ConcurrentQueue<CreateTagsRequest>();

        private Task<RunInstancesResponse> Run(RunInstancesRequest request)
        {
            List<InstanceRecord> existing = _instances.Values.Where(r => r.ClientToken == request.ClientToken && request.ClientToken != null).OrderBy(r => r.LaunchIndex).ToList();
            List<InstanceRecord> records = existing;
            if (existing.Count == 0)
            {
                int count = Math.Max(1, request.MaxCount ?? 1);
                if (Capacity.TryDequeue(out int capacity))
                {
                    if (capacity < Math.Max(1, request.MinCount ?? 1))
                    {
                        throw new AmazonEC2Exception("We currently do not have sufficient capacity in the Availability Zone you requested.") { ErrorCode = "InsufficientInstanceCapacity", StatusCode = System.Net.HttpStatusCode.InternalServerError };
                    }

                    count = Math.Min(count, capacity);
                }

                records = Enumerable.Range(0, count).Select(index => NewRecord(request.ClientToken, request.TagSpecifications?.SelectMany(t => t.Tags).ToList() ?? new List<Tag>(), index)).ToList();
            }

            Exception? failure = FailRunInstancesAfterLaunch;
            if (failure != null)
            {
                FailRunInstancesAfterLaunch = null;
                throw failure;
            }

            return Task.FromResult(new RunInstancesResponse { Reservation = new Reservation { Instances = records.Select(r => r.Instance).ToList() } });
        }

        public override Task<CreateTagsResponse> CreateTagsAsync(CreateTagsRequest request, CancellationToken cancellationToken = default)
        {
            CreateTagsRequests.Enqueue(request);
            foreach (string id in request.Resources)
            {
                Instance instance = _instances[id].Instance;
                lock (instance)
                {
                    instance.Tags = instance.Tags.Where(t => !request.Tags.Any(n => n.Key == t.Key)).Concat(request.Tags).ToList();
                }
            }

            return Task.FromResult(new CreateTagsResponse());
        }

        public override Task<DescribeInstancesResponse> DescribeInstancesAsync(DescribeInstancesRequest request, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (DescribeRequests)
            {
                DescribeRequests.Add(request);
            }

            IEnumerable<InstanceRecord> matching = _instances.Values.OrderBy(r => r.Instance.InstanceId, StringComparer.Ordinal);
            if (request.InstanceIds?.Count > 0)
            {
                matching = matching.Where(r => request.InstanceIds.Contains(r.Instance.InstanceId));
            }

            foreach (Filter filter in request.Filters ?? new List<Filter>())
            {
                if (!filter.Name.StartsWith("tag:", StringComparison.Ordinal))
                {
                    throw new AmazonEC2Exception($"The filter '{filter.Name}' is not modelled.");
                }

                string key = filter.Name.Substring(4);
                matching = matching.Where(r => r.Instance.Tags.Any(t => t.Key == key && filter.Values.Contains(t.Value)));
            }

            List<InstanceRecord> all = matching.ToList();
            foreach (InstanceRecord record in all)
            {
                record.Advance();
            }

            int start = string.IsNullOrEmpty(request.NextToken) ? 0 : int.Parse(request.NextToken);
            int size = request.MaxResults ?? 1000;
            List<InstanceRecord> page = all.Skip(start).Take(size).ToList();
            return Task.FromResult(new DescribeInstancesResponse
            {
                Reservations = page.Select(r => new Reservation { Instances = new List<Instance> { r.Instance } }).ToList(),
                NextToken = start + size < all.Count ? (start + size).ToString() : null,
            });
        }

        public override Task<DescribeInstanceStatusResponse> DescribeInstanceStatusAsync(DescribeInstanceStatusRequest request, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var statuses = new List<InstanceStatus>();
            foreach (string id in request.InstanceIds)
            {
                InstanceRecord record = _instances[id];
                record.StatusPolls++;
                string summary = record.StatusPolls > InitializingPolls ? FinalStatus : "initializing";
                statuses.Add(new InstanceStatus
                {
                    InstanceId = id,
                    InstanceState = record.Instance.State,
                    SystemStatus = new InstanceStatusSummary { Status = SummaryStatus.FindValue(summary) },
                    Status = new InstanceStatusSummary { Status = SummaryStatus.FindValue(summary == "impaired" ? "ok" : summary) },
                });
            }

            return Task.FromResult(new DescribeInstanceStatusResponse { InstanceStatuses = statuses });
        }

        /// <summary>
        /// The console output of an instance at a poll (the instance, the 1-based GetConsoleOutput call for it); null
        /// or unset: an empty console, as EC2 answers before the instance has printed anything.
        /// </summary>
        internal Func<Instance, int, string?>? ConsoleOutput { get; set; }

        internal ConcurrentQueue<string> ConsoleOutputRequests { get; } = new ConcurrentQueue<string>();

        /// <summary>The public address of the n-th instance (null: none); unset: 203.0.113.n.</summary>
        internal Func<int, string?>? PublicAddressOf { get; set; }

        /// <summary>The private address of the n-th instance; unset: 10.0.0.n.</summary>
        internal Func<int, string>? PrivateAddressOf { get; set; }

        public override Task<GetConsoleOutputResponse> GetConsoleOutputAsync(GetConsoleOutputRequest request, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ConsoleOutputRequests.Enqueue(request.InstanceId);
            InstanceRecord record = _instances.Values.SingleOrDefault(r => r.Instance.InstanceId == request.InstanceId)
                ?? throw new AmazonEC2Exception($"The instance ID '{request.InstanceId}' does not exist") { ErrorCode = "InvalidInstanceID.NotFound" };
            int poll = Interlocked.Increment(ref record.ConsolePolls);
            string? text = ConsoleOutput?.Invoke(record.Instance, poll);
            // As EC2 sends it: base64 (the SDK leaves it encoded), absent while the console is empty.
            return Task.FromResult(new GetConsoleOutputResponse
            {
                InstanceId = request.InstanceId,
                Output = string.IsNullOrEmpty(text) ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)),
                Timestamp = DateTime.UtcNow,
            });
        }

        public override Task<TerminateInstancesResponse> TerminateInstancesAsync(TerminateInstancesRequest request, CancellationToken cancellationToken = default)
        {
            foreach (string id in request.InstanceIds)
            {
                InstanceRecord record = _instances[id];
                record.Instance.State = new InstanceState { Name = InstanceStateName.Terminated };
                Terminated.Enqueue(id);
            }

            return Task.FromResult(new TerminateInstancesResponse());
        }

        private InstanceRecord NewRecord(string? clientToken, List<Tag> tags, int launchIndex = 0)
        {
            int number = Interlocked.Increment(ref _nextId);
            var record = new InstanceRecord(this, clientToken, new Instance
            {
                InstanceId = $"i-{number:x17}",
                State = new InstanceState { Name = InstanceStateName.Pending },
                PrivateIpAddress = PrivateAddressOf?.Invoke(number) ?? $"10.0.0.{number}",
                PublicIpAddress = PublicAddressOf == null ? $"203.0.113.{number}" : PublicAddressOf(number),
                LaunchTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                Tags = tags.ToList(),
                AmiLaunchIndex = launchIndex,
            }) { LaunchIndex = launchIndex };
            _instances[record.Instance.InstanceId] = record;
            return record;
        }

        private sealed class InstanceRecord
        {
            private readonly InMemoryEc2Client _owner;
            private int _describes;

            internal InstanceRecord(InMemoryEc2Client owner, string? clientToken, Instance instance)
            {
                _owner = owner;
                ClientToken = clientToken;
                Instance = instance;
            }

            internal string? ClientToken { get; }

            internal int LaunchIndex { get; init; }

            internal Instance Instance { get; }

            internal int StatusPolls { get; set; }

            internal int ConsolePolls;

            internal void Advance()
            {
                if (Instance.State.Name == InstanceStateName.Pending && ++_describes > _owner.PendingPolls)
                {
                    Instance.State = new InstanceState { Name = InstanceStateName.Running };
                }
            }
        }
    }
}
