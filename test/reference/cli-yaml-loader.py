"""Writes cli-yaml-loader.json: what the AWS CLI v2's YAML loader makes of a set of inputs.

The AWS CLI v2 reads `--cli-input-yaml` with ruamel.yaml's safe loader, `YAML(typ='safe', pure=True)`, from
ruamel.yaml 0.17.21 or older. This script runs that loader on scalars (as the value of `a`) and on whole files, and
records the outcome, so that test/unit/cli-input.test.ts can hold our reading to it without Python.

Not run by any test or build. To regenerate (Debian 12 ships that version as python3-ruamel.yaml):
    python3 test/reference/cli-yaml-loader.py > test/reference/cli-yaml-loader.json
"""
import datetime
import json
import math
import random
import sys

import ruamel.yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

FIXED = """1_000 20240601_01 0b101 0o17 0x1F -0x1F +0o17 0o1_7 017 08 .5e3 .5e+3 1e3 1.e3 _ 1_ -_ 0b_ 0o_ 0x_ ._ =
<< .NaN .nan -.inf +.inf .Inf ~ null Null NULL nULL TRUE tRUE true False yes no on off y n 0 -0 +12 0x 0b 0o + -. 1__0
1_0.5_ 0. +.5 1e+3 1E3 01.5 0o8 0b2 0O17 0X1F 0B1 1e . 1.5.5 1-2 0x1G 1_000_000 -1_0 +0b1 -0b1_1 0e0 1E-3 .1e-3
-.1E+3 1_e3 NaN Infinity inf 12:30 1:20:30 2024-06-01 2024-6-1 2024-13-45 2024-02-30 2024-02-29 2023-02-29 0000-01-01
9999-12-31 0001-01-01 2024-01-01Z""".split()
FIXED += [
    '2024-01-01T10:00:00Z',
    '2024-1-1 1:00:00',
    '2024-01-01 24:00:00',
    '2024-01-01T10:00:00+99',
    '2024-01-01 10:00:00 +01:00',
    '2024-01-01t10:00:00.123456789Z',
    '2024-01-01   10:00:00',
    '2024-01-01T1:00:00',
    '2024-01-01T10:0:00',
    '2024-01-01T10:00:00.',
    '2024-01-01T10:00:00 Z',
    '2024-01-01T10:00:00-5',
    '2024-01-01T10:00:00+05:30',
    '2024-01-01T10:60:00',
]
TAGS = ['!!int', '!!float', '!!bool', '!!null', '!!str', '!!timestamp', '!!binary', '!!set', '!!foo', '!']
BASE64 = ['aGVsbG8=', 'aGk', 'aGk=', 'aG=k', '!!!', '', 'aGVs bG8=', 'a===', 'ab==cd', 'YQ', 'YQ=', 'YQ==', 'YQ===x']

WHOLE = [
    'a: 1\n---\nb: 2\n',
    'a: 1\n---\n',
    'a: 1\n--- # second\n',
    '---\na: 1\n',
    '# c\n---\na: 1\n...\n# after\n',
    'a: 1\n...\nb: 2\n',
    'a: 1\n...\n...\n',
    '\ufeffa: 1\n',
    '\ufeff---\na: 1\n',
    'a: 1\r\nb: x\r\n',
    'a: [1, 2,]\n',
    'a: {x: 1, y: 2,}\n',
    'a: 1\na: 2\n',
    'a:\n  b: 1\n  b: 2\n',
    'a: {b: 1, b: 2}\n',
    'x: &x {b: 1}\na:\n  <<: *x\n  b: 2\n',
    'x: &x {c: 1}\na:\n  <<: *x\n  b: 1\n  b: 2\n',
    'x: &x {c: 1}\ny: &y {d: 1}\na:\n  <<: *x\n  <<: *y\n',
    'x: &x 1\na:\n  <<: *x\n',
    'a: *x\n',
    'a: &x 1\nb: *x\n',
    'a: user\nb\n  : oidc\n',
    '? a\n: b\n',
    '%YAML 1.1\n---\na: 1\n',
    '%YAML 1.3\n---\na: 1\n',
    'a:\n\tb: 1\n',
    'a:\t1\n',
    'a: 1\t# c\n',
    'a: x\ty\n',
    'a: "x\ty"\n',
    "a: 'x\ty'\n",
    'a: |\n  x\ty\n',
    '# c\td\na: 1\n',
    'a: 1\n\t\n',
    'a: [1,\t2]\n',
    '-\tx\n',
    'a: !Ref x\n',
    'a: !!int [1]\n',
    'a: !!str [1]\n',
]


def outcome(text):
    try:
        value = YAML(typ='safe', pure=True).load(text)
    except YAMLError:
        return ['fails']
    except Exception:  # the CLI fails too, with Python's own message
        return ['fails']
    return ['loads']


def scalar(text):
    try:
        v = YAML(typ='safe', pure=True).load(text)['a']
    except YAMLError:
        return ['fails']
    except Exception:
        return ['fails']
    if isinstance(v, bool):
        return ['bool', v]
    if isinstance(v, int):
        return ['int', v]
    if isinstance(v, float):
        return ['float', v if math.isfinite(v) else str(v)]
    if isinstance(v, datetime.datetime):
        return ['datetime']
    if isinstance(v, datetime.date):
        return ['date']
    if isinstance(v, bytes):
        return ['bytes']
    if v is None:
        return ['null']
    if isinstance(v, str):
        return ['str', v]
    return [type(v).__name__]


def main():
    rnd = random.Random(7)
    alphabet = '0123456789_-+.:eExXbBoOaAfF TtZz=<~nN'
    scalars = list(FIXED)
    while len(scalars) < len(FIXED) + 600:
        s = ''.join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 10))).strip()
        if s and s[0] not in '-?:,[]{}#&*!|>\'"%@`' and ': ' not in s and not s.endswith(':') and ' #' not in s:
            scalars.append(s)
    for _ in range(300):
        date = '%s-%s-%s' % (
            str(rnd.randrange(10000)).zfill(rnd.choice([3, 4])),
            str(rnd.randrange(14)).zfill(rnd.choice([1, 2, 2])),
            str(rnd.randrange(33)).zfill(rnd.choice([1, 2, 2])),
        )
        if rnd.random() < 0.5:
            date += rnd.choice(['T', 't', ' ', '  ']) + '%d:%02d:%02d' % (
                rnd.randrange(26),
                rnd.randrange(62),
                rnd.randrange(62),
            )
            date += rnd.choice(['', '.5', '.123456789', '.']) + rnd.choice(['', 'Z', ' Z', '+01:00', '-5', '+1'])
        scalars.append(date)
    texts = ['a: %s\n' % s for s in scalars]
    texts += ['a: %s %s\n' % (t, s) for t in TAGS for s in FIXED[:40]]
    texts += ['a: %s "%s"\n' % (t, s) for t in TAGS for s in FIXED[:40]]
    texts += ['a: !!binary "%s"\n' % b for b in BASE64]
    texts += ['%%YAML 1.1\n---\na: %s\n' % s for s in FIXED[:40]]
    seen = set()
    cases = []
    for t in texts:
        if t not in seen:
            seen.add(t)
            cases.append([t] + scalar(t))
    files = [[t] + outcome(t) for t in WHOLE]
    line = lambda c: json.dumps(c, ensure_ascii=True)
    out = sys.stdout
    out.write('{\n"loader": %s,\n' % json.dumps("ruamel.yaml %s, YAML(typ='safe', pure=True)" % ruamel.yaml.__version__))
    out.write('"scalars": [\n%s\n],\n' % ',\n'.join(line(c) for c in cases))
    out.write('"files": [\n%s\n]\n}\n' % ',\n'.join(line(c) for c in files))


main()
