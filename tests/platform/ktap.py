#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""KTAP helpers for tests/platform/kunit.sh.

  ktap.py extract CONSOLE_LOG MODULE   print the KTAP that loading MODULE printed
  ktap.py results KTAP [JSON]          print one result per test case, and the plan check
  ktap.py cases SOURCE...              print SUITE.CASE for every case the sources declare

The console log holds the whole boot; kunit-init.sh writes "wsk-kunit: insmod MODULE" and
"wsk-kunit: loaded MODULE" to the kernel log around the load of the KUnit module, and KUnit
prints the module's suites synchronously while the module loads, so the module's KTAP is the
KTAP document between those two markers. (A kernel with KUnit built in prints its own,
usually empty, document at boot; it is not ours.) Linux 6.1 leaves out the document's header
and plan for a module's suites; extract adds the header.

`results` prints tab-separated lines "pass|fail<TAB>NAME<TAB>REASON": NAME is SUITE.CASE for
each test case, SUITE for a suite that failed outside its cases, and "ktap" for the check that
the output is complete: every plan ("1..N") is followed by N results. A run that dies in the
middle of a suite leaves a short plan, which is how a crash that kills the output is told
from a clean run with fewer tests. The pass/fail state of each case is taken from kunit.py's
JSON (JSON argument) when given, so that KUnit's own parser is the authority; the failure
reasons, which the JSON does not carry, come from the KTAP diagnostics. Without JSON the
states come from the KTAP itself.
"""

import json
import re
import sys

TIMESTAMP = re.compile(r'^\[ *\d+\.\d+\] ')
VERSION = re.compile(r'^(KTAP|TAP) version \d+$')
PLAN = re.compile(r'^(\d+)\.\.(\d+)')
RESULT = re.compile(r'^(ok|not ok) (\d+)(?: (?:- )?([^#]*?))?\s*(?:#\s*(.*))?$')
SUBTEST = re.compile(r'^# Subtest: (.*)$')
KTAP_LINE = re.compile(r'^(KTAP version|TAP version|\d+\.\.\d+|ok \d|not ok \d|#)')
INDENT = '    '


def console_lines(path):
    with open(path, errors='backslashreplace') as f:
        for line in f:
            yield TIMESTAMP.sub('', line.rstrip('\r\n'))


def extract(console, module):
    """The KTAP lines of the document printed while MODULE loaded."""
    begin = 'wsk-kunit: insmod ' + module
    inside = started = False
    out = []
    for line in console_lines(console):
        if not inside:
            inside = line == begin
            continue
        if line.startswith('wsk-kunit: '):
            break
        if not started:
            depth, body = split_indent(line)
            started = VERSION.match(body) is not None
            if not started:
                continue
            # Linux 6.1 prints a module's suites without the document's own header: its
            # first line is a suite's indented "KTAP version". Give the document a header,
            # without a plan, which only the kernel could know.
            if depth > 0:
                out.append('KTAP version 1')
        # KTAP lines at any depth, and the indented continuation lines of diagnostics; the
        # kernel's other messages (not indented) are left out.
        body = line.lstrip(' ')
        if KTAP_LINE.match(body) or line.startswith(INDENT):
            out.append(line)
    return out


def split_indent(line):
    depth = 0
    while line.startswith(INDENT):
        line = line[len(INDENT):]
        depth += 1
    return depth, line


class Level:
    """One KTAP document level: a module's suites, a suite's cases, a case's parameters."""

    def __init__(self, name):
        self.name = name
        self.plan = None
        self.count = 0
        self.failed = []
        self.diag = []


def walk(lines):
    """Check the plans; return (problems, cases, suites) from the KTAP alone.

    cases: [(suite, case, status, reason)], suites: [(suite, status, reason, had_cases)].
    Depth 0 lists the suites, depth 1 a suite's cases, depth 2 a case's parameters.
    """
    levels = {}
    problems = []
    cases = []
    suites = []

    def level(depth):
        if depth not in levels:
            levels[depth] = Level('suites' if depth == 0 else '?')
        return levels[depth]

    def close(depth):
        # Close DEPTH and every level below it, checking their plans. Parameter lists have
        # no plan, nor has the document on Linux 6.1 (see extract), but it must have results.
        for d in sorted((d for d in levels if d >= depth), reverse=True):
            lv = levels.pop(d)
            if lv.plan is None:
                if d == 0 and lv.count == 0:
                    problems.append('no test results')
            elif lv.count < lv.plan:
                problems.append('%s: %d of %d planned results' % (lv.name, lv.count, lv.plan))
            elif lv.count > lv.plan:
                problems.append('%s: %d results for a plan of %d' % (lv.name, lv.count, lv.plan))

    for raw in lines:
        depth, body = split_indent(raw)
        if VERSION.match(body):
            close(depth + 1)
            continue
        m = SUBTEST.match(body)
        if m:
            level(depth).name = m.group(1).strip()
            continue
        m = PLAN.match(body)
        if m:
            level(depth).plan = int(m.group(2))
            continue
        m = RESULT.match(body)
        if m:
            # A result line ends the list of its own subtests, one level deeper.
            children = levels.get(depth + 1)
            had_children = children is not None and (children.count > 0 or
                                                    children.plan is not None)
            # Diagnostics printed after the last child (a suite's exit) belong to this one.
            diag = (children.diag if children else []) + level(depth).diag
            failed_children = children.failed if children else []
            close(depth + 1)
            lv = level(depth)
            lv.count += 1
            name = (m.group(3) or '').strip()
            directive = (m.group(4) or '').strip()
            if directive.upper().startswith('SKIP'):
                status, reason = 'SKIP', directive[4:].strip()
            elif m.group(1) == 'ok':
                status, reason = 'PASS', ''
            else:
                status, reason = 'FAIL', diag_reason(diag, name)
                lv.failed.append((name, reason))
                # A parameterised case: name the parameters that failed, and why the first
                # one did.
                if failed_children:
                    reason = 'failed parameters: %s (%s: %s)' % (
                        ', '.join(n for n, _ in failed_children), failed_children[0][0],
                        failed_children[0][1] or 'failed')
            lv.diag = []
            if depth == 1:
                cases.append((lv.name, name, status, reason))
            elif depth == 0:
                suites.append((name, status, reason, had_children))
            continue
        # A diagnostic line ("# ..."), or a continuation line of one, which can be indented
        # deeper than the level it belongs to.
        if body.startswith('#') or depth in levels:
            level(depth).diag.append(body)
        elif depth - 1 in levels:
            levels[depth - 1].diag.append(body)
    close(0)
    return problems, cases, suites


def diag_reason(diag, case):
    """The diagnostic of a failed case (its first "# CASE: ..." line, else its first "#"
    line that is not KTAP metadata), with its continuation lines, as one line."""
    def is_head(line):
        return line.startswith('#')

    def is_meta(line):
        return re.match(r'#\s*(module:|Subtest:|speed:|test_speed:|\S+: pass:\d+)', line)

    start = next((i for i, l in enumerate(diag)
                  if l.startswith('# %s:' % case) and not is_meta(l)), None)
    if start is None:
        start = next((i for i, l in enumerate(diag) if is_head(l) and not is_meta(l)), None)
    if start is None:
        return ''
    head = diag[start][1:].strip()
    # "case: EXPECTATION FAILED at ..." (a parameter's diagnostics name its case).
    head = re.sub(r'^\S+: (?=(EXPECTATION|ASSERTION) FAILED)', '', head)
    if head.startswith(case + ':'):
        head = head[len(case) + 1:].strip()
    text = [head]
    for line in diag[start + 1:]:
        if is_head(line):
            break
        text.append(line.strip())
    # "ASSERTION FAILED at /abs/build/TARGET/src/tests/kunit/x.c:50" -> tests/kunit/x.c:50
    reason = text[0] + (': ' + ' '.join(text[1:]) if len(text) > 1 else '')
    reason = re.sub(r'(?<=at )\S*/src/(?=(kmod|tests|include)/)', '', reason)
    return reason if len(reason) <= 300 else reason[:297] + '...'


def json_cases(path):
    """{(suite, case): status} from kunit.py's JSON (KernelCI layout)."""
    with open(path) as f:
        top = json.load(f)
    cases = {}
    for suite in top.get('sub_groups', []):
        for tc in suite.get('test_cases', []):
            cases[(suite['name'], tc['name'])] = tc['status']
        # A parameterised case is a group of its parameters: it fails if one of them does.
        for group in suite.get('sub_groups', []):
            states = leaf_states(group)
            if any(s not in ('PASS', 'SKIP') for s in states):
                status = 'FAIL'
            elif states and all(s == 'SKIP' for s in states):
                status = 'SKIP'
            else:
                status = 'PASS'
            cases[(suite['name'], group['name'])] = status
    return cases


def leaf_states(group):
    states = [tc['status'] for tc in group.get('test_cases', [])]
    for sub in group.get('sub_groups', []):
        states += leaf_states(sub)
    return states


def results(ktap_path, json_path=None):
    with open(ktap_path, errors='backslashreplace') as f:
        lines = [line.rstrip('\n') for line in f]
    problems, cases, suites = walk(lines)
    out = []
    if not lines:
        problems = ['no KTAP output']
    out.append(('fail', 'ktap', '; '.join(problems)) if problems else ('pass', 'ktap', ''))

    states = json_cases(json_path) if json_path else None
    seen = set()
    for suite, case, status, reason in cases:
        if states is not None:
            status = states.get((suite, case), status)
        seen.add(suite)
        name = '%s.%s' % (suite, case or '(unnamed)')
        if status == 'PASS':
            out.append(('pass', name, ''))
        elif status == 'SKIP':
            out.append(('pass', name, 'skipped' + (': ' + reason if reason else '')))
        else:
            out.append(('fail', name, reason or 'failed (%s)' % status.lower()))
    # A suite can fail with all its cases passing (suite init or exit failed), or have no
    # cases at all: report it under its own name then.
    for suite, status, reason, had_cases in suites:
        case_failed = any(c[0] == suite and c[2] == 'FAIL' for c in cases)
        if status == 'FAIL' and not case_failed:
            out.append(('fail', suite, reason or 'suite failed'))
        elif not had_cases and status != 'FAIL':
            out.append(('pass', suite, 'no test cases'))
    for r in out:
        print('\t'.join(r))


CASE_ARRAY = re.compile(r'struct\s+kunit_case\s+(\w+)\s*\[\s*\]\s*=\s*\{(.*?)\};', re.S)
CASE = re.compile(r'\bKUNIT_CASE\w*\(\s*(\w+)')
SUITE = re.compile(r'struct\s+kunit_suite\s+\w+\s*=\s*\{(.*?)\};', re.S)
SUITE_NAME = re.compile(r'\.name\s*=\s*"([^"]+)"')
INJECTED = re.compile(r'^#ifdef WSK_INJECT_\w+$.*?^#endif$', re.S | re.M)
SUITE_CASES = re.compile(r'\.test_cases\s*=\s*(\w+)')


def cases(paths):
    """SUITE.CASE for each case of each suite declared in the C sources PATHS: the results a
    complete run must report, so that a run that never printed a suite is still counted."""
    arrays, suites = {}, []
    for path in paths:
        with open(path) as f:
            # Cases compiled in only for the platform's self-check are not expected.
            text = INJECTED.sub('', f.read())
        for m in CASE_ARRAY.finditer(text):
            arrays[m.group(1)] = CASE.findall(m.group(2))
        for m in SUITE.finditer(text):
            name, arr = SUITE_NAME.search(m.group(1)), SUITE_CASES.search(m.group(1))
            if name and arr:
                suites.append((name.group(1), arr.group(1)))
    if not suites:
        raise SystemExit('ktap.py cases: no kunit_suite in the sources')
    for suite, arr in suites:
        if arr not in arrays:
            raise SystemExit('ktap.py cases: suite %s: no case array %s' % (suite, arr))
        for case in arrays[arr]:
            print('%s.%s' % (suite, case))


def main(argv):
    if len(argv) == 4 and argv[1] == 'extract':
        for line in extract(argv[2], argv[3]):
            print(line)
    elif len(argv) in (3, 4) and argv[1] == 'results':
        results(argv[2], argv[3] if len(argv) == 4 else None)
    elif len(argv) >= 3 and argv[1] == 'cases':
        cases(argv[2:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
