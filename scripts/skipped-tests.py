#!/usr/bin/env python3
"""Fails when a test was skipped, so that a missing server or tool in CI is a red build, not a silent gap.

Reads every Surefire and Failsafe XML report under the given root (*/target/*-reports/TEST-*.xml)
and lists each skipped test with the reason JUnit recorded (an assumption's message, @EnabledIf's
condition). `./fapiao test` calls it after Maven under CI=true; outside CI the tests that need
PostgreSQL, OpenSSL, SoftHSM or Fabric's binaries may skip on a developer's machine, and the
list is printed as a reminder only.

Usage: skipped-tests.py ROOT [--fail]
Exit: 0 nothing skipped (or not --fail), 1 a test was skipped under --fail, 2 no report found.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ElementTree


def skipped_tests(root):
    reports = sorted(glob.glob(os.path.join(root, "**", "target", "*-reports", "TEST-*.xml"), recursive=True))
    skipped = []
    for report in reports:
        suite = ElementTree.parse(report).getroot()
        for case in suite.iter("testcase"):
            marker = case.find("skipped")
            if marker is not None:
                name = f"{case.get('classname')}.{case.get('name')}"
                skipped.append((name, (marker.get("message") or marker.text or "no reason given").strip()))
    return reports, skipped


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    fail = "--fail" in argv[2:]
    reports, skipped = skipped_tests(argv[1])
    if not reports:
        print(f"skipped-tests: no test report under {argv[1]}; did the tests run?", file=sys.stderr)
        return 2 if fail else 0
    if not skipped:
        print(f"skipped-tests: none skipped ({len(reports)} reports)")
        return 0
    print(f"skipped-tests: {len(skipped)} test(s) skipped:", file=sys.stderr)
    for name, reason in skipped:
        print(f"  {name}: {reason}", file=sys.stderr)
    if fail:
        print("skipped-tests: CI=true, so a skipped test fails the build; install what it needs "
              "(.ci/run) or remove the test", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
