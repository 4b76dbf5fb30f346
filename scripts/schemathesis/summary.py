"""Prints what a Schemathesis run sent, from its NDJSON report: per operation, how many
requests got each status, so the log shows the seeded data took the fuzzer past the 404s."""

import collections
import json
import sys


def main(path: str) -> None:
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    requests = 0
    for line in open(path, encoding="utf-8"):
        event = json.loads(line)
        scenario = event.get("ScenarioFinished")
        if not scenario:
            continue
        recorder = scenario["recorder"]
        for case_id, interaction in recorder.get("interactions", {}).items():
            response = interaction.get("response")
            case = recorder["cases"].get(case_id, {}).get("value", {})
            # Stateful scenarios are labelled by their first step; the case knows its own path.
            label = f"{case.get('method', '?')} {case.get('path', recorder['label'])}"
            statuses[label][response["status_code"] if response else "no answer"] += 1
            requests += 1
    for label in sorted(statuses):
        counts = " ".join(f"{status}:{n}" for status, n in sorted(statuses[label].items(), key=str))
        print(f"    {label}  {counts}")
    print(f"    {requests} requests")


if __name__ == "__main__":
    main(sys.argv[1])
