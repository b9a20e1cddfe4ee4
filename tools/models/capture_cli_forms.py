#!/usr/bin/env python3
"""Captures the Query protocol form the official AWS CLI sends for each case below and writes it to
tests/Unit/TestData/CliForms/<case>.form (the POST body as sent). CliFormTests sends the same input through BlueGreen's
clients and compares the forms field by field. The CLI talks only to a recorder on 127.0.0.1 that answers 400.

    python3 tools/models/capture_cli_forms.py
"""
import http.server
import os
import subprocess
import threading

LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188"
BLUE = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-blue/73e2d6bc24d8a067"
GREEN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/2453ed029918f21f"
LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2"
RULE = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"

CASES = {
    "DescribeLoadBalancers": ["elbv2", "describe-load-balancers", "--names", "shop", "shop-old"],
    "DescribeTargetGroups": ["elbv2", "describe-target-groups", "--load-balancer-arn", LB],
    "DescribeListeners": ["elbv2", "describe-listeners", "--load-balancer-arn", LB],
    "DescribeRules": ["elbv2", "describe-rules", "--listener-arn", LISTENER],
    "DescribeTargetHealth": ["elbv2", "describe-target-health", "--target-group-arn", BLUE, "--targets", "Id=i-0123456789abcdef0,Port=8000"],
    "DescribeTags": ["elbv2", "describe-tags", "--resource-arns", BLUE, GREEN],
    "ModifyListener": ["elbv2", "modify-listener", "--listener-arn", LISTENER, "--default-actions",
                       '[{"Type":"forward","Order":1,"ForwardConfig":{"TargetGroups":[{"TargetGroupArn":"%s","Weight":90},{"TargetGroupArn":"%s","Weight":10}],'
                       '"TargetGroupStickinessConfig":{"Enabled":true,"DurationSeconds":300}}}]' % (BLUE, GREEN)],
    "ModifyRule": ["elbv2", "modify-rule", "--rule-arn", RULE, "--actions", '[{"Type":"forward","TargetGroupArn":"%s"}]' % GREEN],
    "RegisterTargets": ["elbv2", "register-targets", "--target-group-arn", GREEN, "--targets", "Id=i-0123456789abcdef0,Port=8000", "Id=i-0fedcba9876543210"],
    "DeregisterTargets": ["elbv2", "deregister-targets", "--target-group-arn", BLUE, "--targets", "Id=i-0123456789abcdef0,Port=8000"],
    "AddTags": ["elbv2", "add-tags", "--resource-arns", BLUE, "--tags", "Key=bluegreen:color,Value=blue", "Key=empty,Value="],
    "RemoveTags": ["elbv2", "remove-tags", "--resource-arns", BLUE, "--tag-keys", "bluegreen:lock"],
    "ModifyTargetGroupAttributes": ["elbv2", "modify-target-group-attributes", "--target-group-arn", BLUE, "--attributes",
                                    "Key=deregistration_delay.timeout_seconds,Value=30", "Key=stickiness.enabled,Value=false"],
    "CreateTargetGroup": ["elbv2", "create-target-group", "--name", "shop-blue", "--protocol", "HTTP", "--port", "8000", "--vpc-id", "vpc-3ac0fb5f",
                          "--health-check-path", "/health/", "--health-check-interval-seconds", "10", "--healthy-threshold-count", "2",
                          "--matcher", "HttpCode=200-299", "--target-type", "instance", "--tags", "Key=bluegreen:project,Value=shop"],
    "CreateRule": ["elbv2", "create-rule", "--listener-arn", LISTENER, "--priority", "10", "--conditions",
                   '[{"Field":"path-pattern","PathPatternConfig":{"Values":["/admin/*"]}},{"Field":"http-header","HttpHeaderConfig":{"HttpHeaderName":"X-Canary","Values":["1"]}}]',
                   "--actions", '[{"Type":"fixed-response","FixedResponseConfig":{"StatusCode":"503","ContentType":"text/plain","MessageBody":"maintenance"}}]'],
    "DeleteRule": ["elbv2", "delete-rule", "--rule-arn", RULE],
    "GetMetricData": ["cloudwatch", "get-metric-data", "--start-time", "2026-12-07T10:00:00Z", "--end-time", "2026-12-07T11:00:00Z", "--metric-data-queries",
                      '[{"Id":"errors","MetricStat":{"Metric":{"Namespace":"AWS/ApplicationELB","MetricName":"HTTPCode_Target_5XX_Count",'
                      '"Dimensions":[{"Name":"TargetGroup","Value":"targetgroup/shop-green/2453ed029918f21f"}]},"Period":60,"Stat":"Sum"},"ReturnData":true}]'],
    "DescribeAlarms": ["cloudwatch", "describe-alarms", "--alarm-names", "shop-5xx", "shop-latency"],
}

captured = {}


class Recorder(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8")
        captured[self.server.case] = body
        error = b"<ErrorResponse><Error><Type>Sender</Type><Code>Recorded</Code><Message>recorded</Message></Error><RequestId>1</RequestId></ErrorResponse>"
        self.send_response(400)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(error)))
        self.end_headers()
        self.wfile.write(error)

    def log_message(self, *args):
        pass


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "..", "tests", "Unit", "TestData", "CliForms")
    os.makedirs(out, exist_ok=True)
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret", AWS_DEFAULT_REGION="eu-west-1",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_MAX_ATTEMPTS="1")
    version = subprocess.run(["/usr/bin/aws", "--version"], capture_output=True, text=True, env=env)
    for case, arguments in CASES.items():
        server.case = case
        subprocess.run(["/usr/bin/aws", "--endpoint-url", "http://127.0.0.1:%d" % server.server_port] + arguments,
                       capture_output=True, text=True, env=env)
        if case not in captured:
            raise SystemExit("the CLI sent nothing for " + case)
        with open(os.path.join(out, case + ".form"), "w", encoding="utf-8") as target:
            target.write(captured[case] + "\n")
    print("captured %d forms from %s" % (len(captured), (version.stdout or version.stderr).strip()))
    server.shutdown()


if __name__ == "__main__":
    main()
