"""What a newcomer meets first, driven through the real `nos` binary (in a pseudo-terminal
where a terminal matters): nos notebook's checks and progress, figures at the end of a REPL
cell, :plots window without a display. Usage: newcomer_test.py NOS_BIN"""
import os
import subprocess
import sys
import tempfile

import pexpect

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/nos")
PROMPT = r"In \[(\d+)\]: "
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(args, cwd, env=None):
    p = subprocess.run([BIN] + args, cwd=cwd, capture_output=True, text=True, timeout=120,
                       env=env)
    return p.returncode, p.stdout, p.stderr


def notebook(tmp):
    marker = os.path.join(tmp, "ran.txt")
    with open(os.path.join(tmp, "nb.nos"), "w") as f:
        f.write(f'# %%\nwritecsv("{marker}", {{a: [1]}})\n# %%\nx = [1, 2] @ [3]\n'
                '# %%\nprint("three")\n# %%\ny = undefined_name\n')
    code, out, err = run(["notebook", "nb.nos", "-o", "report.txt"], tmp)
    check(code == 1 and "unknown output format '.txt'" in err and not os.path.exists(marker),
          "nos notebook rejects an unknown extension before running any cell")
    code, out, err = run(["notebook", "nb.nos", "-o", "report.md", "--allow-errors"], tmp)
    check(code == 0 and "4 code cells run, 2 failed: cells 2, 4" in out,
          "--allow-errors reports how many cells failed")
    check("shape mismatch" in err and "undefined name" in err, "--allow-errors prints each failure")
    code, out, err = run(["notebook", "nb.nos", "-o", "report.md"], tmp)
    check(code == 1 and "stopped at cell 2" in out, "without --allow-errors it stops at the failure")
    check("running cell" not in err, "no progress when stderr is not a terminal")
    child = pexpect.spawn(BIN, ["notebook", "nb.nos", "-o", "report.html", "--allow-errors"],
                          cwd=tmp, encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    check("running cell 1 of 4" in child.before and "running cell 4 of 4" in child.before,
          "per-cell progress on a terminal's stderr")


def repl(tmp):
    env = dict(os.environ, HOME=tmp, TERM="xterm", NOS_SIXEL="0")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    nos = pexpect.spawn(BIN, ["--plots=terminal"], env=env, cwd=tmp, encoding="utf-8",
                        timeout=30, dimensions=(40, 100))
    nos.expect(PROMPT)
    nos.sendline('f = plot([1, 4, 9, 16], title="squares")')
    nos.expect(PROMPT)
    check("squares" in nos.before, "a figure assigned in a REPL cell is shown when the cell ends")
    nos.sendline(":plots window")
    nos.expect(PROMPT)
    check("need a display" in nos.before and "plots stay terminal" in nos.before,
          ":plots window without a display says so")
    nos.sendline(":plots")
    nos.expect(PROMPT)
    check("plots: terminal" in nos.before, "the mode stays after a refused :plots window")
    nos.sendeof()
    nos.expect(pexpect.EOF)


def main():
    tmp = tempfile.mkdtemp()
    notebook(tmp)
    repl(tmp)
    print(f"newcomer: {len(failures)} failed" if failures else "newcomer: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
