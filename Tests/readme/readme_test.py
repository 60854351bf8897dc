"""README.md runs as written: every shell block, in order, in one shell, against scripts/run.

The two set-up commands (`scripts/run`, `scripts/test`) are checked to be exactly those two
and are not run here (the caller has started the service). Every other ```sh block runs in
one bash session, as a reader pastes them one after another, with `set -e -o pipefail`:
any command that fails stops the run. `curl` is wrapped to fail on an HTTP status of 400 or
more, unless the comment line right after the command (or at its end) shows the error the
README means to demonstrate (`# → {"error":…` or `# → HTTP 4xx`). `var/` means the data folder
of the service under test (MEKONG_VAR). A block after `<!-- readme-test: skip … -->` is not
run; the comment says why.
"""
import argparse
import os
import re
import subprocess
import sys

args = argparse.ArgumentParser()
args.add_argument("--readme", default="README.md")
args.add_argument("--var", required=True, help="the data folder of the running service (MEKONG_VAR)")
args.add_argument("--out", required=True, help="where to write the script that ran and its output")
options = args.parse_args()

text = open(options.readme, encoding="utf-8").read()
lines = text.split("\n")
blocks = []  # (first line number, body lines, skipped reason)
index = 0
while index < len(lines):
    if lines[index].strip() == "```sh":
        start = index + 1
        end = start
        while lines[end].strip() != "```":
            end += 1
        before = "\n".join(lines[max(0, index - 3):index])
        skip = re.search(r"<!-- readme-test: skip(.*?)-->", before)
        blocks.append((start + 1, lines[start:end], skip.group(1).strip() if skip else None))
        index = end + 1
    else:
        index += 1

setup = [b for b in blocks if b[1] in (["scripts/run"], ["scripts/test"])]
if [b[1] for b in setup] != [["scripts/run"], ["scripts/test"]] or blocks[:2] != setup:
    sys.exit("README: the first two shell blocks must be exactly `scripts/run` and `scripts/test` (the two set-up commands)")

EXPECTED_ERROR = re.compile(r'#\s*→\s*(\{"error"|HTTP [45]\d\d)')
PRELUDE = r'''
set -e -o pipefail
curl() {
  local out code
  out=$(command curl -sS -w '\n%{http_code}' "$@") || { echo "README: curl could not connect: curl $*" >&2; return 7; }
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  if [ -n "$out" ]; then printf '%s\n' "$out"; fi
  if [ "${code:-0}" -ge 400 ] && [ -z "${README_ALLOW_ERROR:-}" ]; then
    echo "README: HTTP $code from: curl $*" >&2
    echo "$out" >&2
    return 22
  fi
}
'''


def prepare(body):
    """The block's lines with var/ pointed at the service's data folder and expected errors allowed."""
    out = []
    i = 0
    while i < len(body):
        command = [body[i]]
        while command[-1].rstrip().endswith("\\") and i + 1 < len(body):
            i += 1
            command.append(body[i])
        following = body[i + 1] if i + 1 < len(body) else ""
        expects_error = EXPECTED_ERROR.search(command[-1]) or (following.lstrip().startswith("#") and EXPECTED_ERROR.search(following))
        if expects_error and not command[0].lstrip().startswith("#"):
            command[0] = "README_ALLOW_ERROR=1 " + command[0]
        out.extend(command)
        i += 1
    return [re.sub(r"(?<![\w/$.-])var/", "${MEKONG_VAR}/", line) for line in out]


script = [PRELUDE, f'export MEKONG_VAR="{os.path.abspath(options.var)}"']
ran = 0
for number, body, skip in blocks[2:]:
    if skip is not None:
        print(f"README line {number}: skipped ({skip})")
        continue
    ran += 1
    script.append(f'echo "::: README block at line {number}" >&2')
    script.extend(prepare(body))
os.makedirs(options.out, exist_ok=True)
path = os.path.join(options.out, "readme.sh")
with open(path, "w", encoding="utf-8") as f:
    f.write("\n".join(script) + "\n")
with open(os.path.join(options.out, "readme.log"), "w", encoding="utf-8") as log:
    result = subprocess.run(["bash", path], stdout=log, stderr=subprocess.STDOUT, timeout=900)
output = open(os.path.join(options.out, "readme.log"), encoding="utf-8").read()
if result.returncode != 0:
    print(output[-6000:])
    block = re.findall(r"::: README block at line (\d+)", output)
    sys.exit(f"README: the block at line {block[-1] if block else '?'} failed (exit {result.returncode}); the script is {path}")
print(f"README: {ran} shell blocks ran as written ({len(blocks) - 2 - ran} skipped), every command succeeded")
