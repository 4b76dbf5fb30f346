"""Prints what a Schemathesis run sent, from its NDJSON report: per operation, how many
requests got each status (so the log shows the seeded data took the fuzzer past the 404s),
and a curl command for every request a check failed on, stateful steps included (for
those Schemathesis itself prints only `st replay`, which needs the proxy it ran against)."""

import base64
import collections
import json
import shlex
import sys


def curl(request: dict) -> str:
    parts = ["curl", "-X", request["method"]]
    for name, values in request.get("headers", {}).items():
        for value in values:
            parts += ["-H", f"{name}: {value}"]
    body = request.get("body")
    if body and body.get("$base64"):
        parts += ["--data-binary", base64.b64decode(body["$base64"]).decode("utf-8", "replace")]
    parts.append(request["uri"])
    return " ".join(shlex.quote(part) for part in parts)


def main(path: str) -> None:
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures: list[str] = []
    requests = 0
    for line in open(path, encoding="utf-8"):
        scenario = json.loads(line).get("ScenarioFinished")
        if not scenario:
            continue
        recorder = scenario["recorder"]
        for case_id, interaction in recorder.get("interactions", {}).items():
            response = interaction.get("response")
            case = recorder["cases"].get(case_id, {}).get("value", {})
            # Stateful scenarios are labelled by their first step; the case knows its own path.
            label = f"{case.get('method', '?')} {case.get('path', recorder['label'])}"
            status = response["status_code"] if response else "no answer"
            if status != 405:  # the probes of undocumented methods, one per method and path
                statuses[label][status] += 1
            requests += 1
            failed = [c["name"] for c in recorder.get("checks", {}).get(case_id, []) if c.get("status") == "failure"]
            if failed:
                failures.append(f"    {case_id} {label} -> {status} ({', '.join(failed)}):\n      {curl(interaction['request'])}")
    for label in sorted(statuses):
        counts = " ".join(f"{status}:{n}" for status, n in sorted(statuses[label].items(), key=str))
        print(f"    {label}  {counts}")
    print(f"    {requests} requests")
    if failures:
        print("  failed checks, each with a curl command that repeats its request:")
        print("\n".join(failures[:20]))
        if len(failures) > 20:
            print(f"    ... and {len(failures) - 20} more in {path}")


if __name__ == "__main__":
    main(sys.argv[1])
