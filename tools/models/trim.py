#!/usr/bin/env python3
"""Trims the official AWS service models (botocore's service-2.json, as shipped with Debian's awscli) to the
operations BlueGreen and its sandbox use and the shapes those reach, each documentation cut to its first sentence as plain
text (src/BlueGreen.Aws.ModelGenerator writes it into the model classes' doc comments), and writes them where
src/BlueGreen.Aws.Protocol embeds them (Models/<service>.json).

    python3 tools/models/trim.py [--data /usr/lib/python3/dist-packages/awscli/botocore/data]

Adding an operation: add its name to OPERATIONS below, run this script, add one line to the client or sandbox.
"""
import argparse
import html
import json
import os
import re

OPERATIONS = {
    "elbv2": [
        "AddTags", "CreateListener", "CreateLoadBalancer", "CreateRule", "CreateTargetGroup", "DeleteListener",
        "DeleteLoadBalancer", "DeleteRule", "DeleteTargetGroup", "DeregisterTargets", "DescribeListeners",
        "DescribeLoadBalancers", "DescribeRules", "DescribeTags", "DescribeTargetGroupAttributes",
        "DescribeTargetGroups", "DescribeTargetHealth", "ModifyListener", "ModifyRule", "ModifyTargetGroupAttributes",
        "RegisterTargets", "RemoveTags",
    ],
    "cloudwatch": ["DescribeAlarms", "GetMetricData", "PutMetricAlarm", "SetAlarmState"],
}

# Members of a shape that only document it (its documentation is kept, cut to a sentence).
DROPPED_KEYS = {"deprecated", "deprecatedMessage", "documentationUrl", "examples"}


def first_sentence(documentation):
    """The documentation's first sentence, tags stripped: '<p>Information about a rule.</p><p>...' -> 'Information about a rule.'"""
    text = re.sub(r"\s+([.,;:)])", r"\1", " ".join(html.unescape(re.sub(r"<[^>]+>", " ", documentation)).split()))
    match = re.match(r"(.+?(?<!e\.g)(?<!i\.e)[.!?])(\s|$)", text)
    return match.group(1) if match else text


def strip(node):
    if isinstance(node, dict):
        return {k: first_sentence(v) if k == "documentation" else strip(v)
                for k, v in node.items() if k not in DROPPED_KEYS and not (k == "documentation" and not first_sentence(v))}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def reached(shapes, name, seen):
    if name in seen:
        return
    seen.add(name)
    shape = shapes[name]
    for member in shape.get("members", {}).values():
        reached(shapes, member["shape"], seen)
    for key in ("member", "key", "value"):
        if key in shape:
            reached(shapes, shape[key]["shape"], seen)


def trim(model, operations):
    shapes = model["shapes"]
    seen = set()
    kept_operations = {}
    for name in operations:
        operation = model["operations"][name]
        kept_operations[name] = strip(operation)
        for part in ("input", "output"):
            if part in operation:
                reached(shapes, operation[part]["shape"], seen)
        for error in operation.get("errors", []):
            reached(shapes, error["shape"], seen)
    metadata = {k: v for k, v in model["metadata"].items() if k != "documentation"}
    return {
        "version": model.get("version", "2.0"),
        "metadata": metadata,
        "operations": kept_operations,
        "shapes": {name: strip(shapes[name]) for name in sorted(seen)},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="/usr/lib/python3/dist-packages/awscli/botocore/data")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "..", "..", "src", "BlueGreen.Aws.Protocol", "Models"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for service, operations in OPERATIONS.items():
        folder = os.path.join(args.data, service)
        version = sorted(os.listdir(folder))[-1]
        with open(os.path.join(folder, version, "service-2.json"), encoding="utf-8") as source:
            model = json.load(source)
        trimmed = trim(model, operations)
        target = os.path.join(args.out, service + ".json")
        with open(target, "w", encoding="utf-8") as out:
            json.dump(trimmed, out, indent=1)
            out.write("\n")
        print(f"{service} {version}: {len(trimmed['operations'])} operations, {len(trimmed['shapes'])} shapes -> {os.path.relpath(target)}")


if __name__ == "__main__":
    main()
