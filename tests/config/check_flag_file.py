#!/usr/bin/env python3
"""Checks that a commented example flag file lists every flag of a daemon with its default.

Usage: check_flag_file.py BINARY FLAGFILE SOURCE [SOURCE ...]

The daemon's own flags are the ones `BINARY --helpfull` reports as defined in a file whose path
ends with one of SOURCE (e.g. core/main.cc, observability/log.cc). Every one must appear in
FLAGFILE as a line `--name=value` with value equal to the default. Exits 1 listing what is
missing or different.
"""
import re
import subprocess
import sys


def own_flags(binary, sources):
    text = subprocess.run([binary, "--helpfull"], capture_output=True, text=True,
                          timeout=30).stdout
    flags = {}
    for section in re.split(r"\n\s*Flags from ", text)[1:]:
        path, _, body = section.partition(":\n")
        body = body.split("\n\n")[0]  # a blank line ends the section
        if not any(path.endswith(source) for source in sources):
            continue
        # One flag per "--name (help); default: value;" entry, wrapped over several lines.
        body = " ".join(line.strip() for line in body.splitlines())
        for match in re.finditer(r"--(\w+) \(.*?\); default: (.*?);(?= --|\s*$)", body):
            value = match.group(2)
            if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
                value = value[1:-1]
            flags[match.group(1)] = value
    return flags


def main():
    binary, flagfile, sources = sys.argv[1], sys.argv[2], sys.argv[3:]
    expected = own_flags(binary, sources)
    if not expected:
        print(f"check_flag_file: {binary} --helpfull listed no flags from {sources}")
        return 1
    listed = {}
    with open(flagfile) as f:
        for line in f:
            match = re.match(r"--(\w+)=(.*)$", line.rstrip("\n"))
            if match:
                listed[match.group(1)] = match.group(2)
    problems = []
    for name, default in sorted(expected.items()):
        if name not in listed:
            problems.append(f"--{name} (default {default!r}) is missing")
        elif listed[name] != default:
            problems.append(f"--{name}={listed[name]} but the default is {default!r}")
    for name in sorted(set(listed) - set(expected)):
        problems.append(f"--{name} is not a flag of {binary}")
    for problem in problems:
        print(f"check_flag_file: {flagfile}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
