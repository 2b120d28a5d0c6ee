"""REPL transcript test of completion by type and help wrapping: drives the real `nos`
binary in pseudo-terminals of two widths with pexpect. Usage: help_transcript_test.py NOS_BIN"""
import os
import re
import sys
import tempfile

import pexpect

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/release/nos"
PROMPT = r"In \[(\d+)\]: "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def spawn(columns):
    env = dict(os.environ, HOME=tempfile.mkdtemp(), TERM="xterm")
    env.pop("COLUMNS", None)
    nos = pexpect.spawn(BIN, env=env, encoding="utf-8", timeout=20, dimensions=(40, columns))
    nos.expect(PROMPT)
    return nos


def output(nos, line):
    """The screen text a line produced, escape codes and carriage returns removed."""
    nos.sendline(line)
    nos.expect(PROMPT)
    return ANSI.sub("", nos.before)


def completion():
    nos = spawn(120)
    output(nos, "x = zeros(3)")
    # `su` after a tensor's dot is only `sum` (surface is a builtin but not a tensor method).
    nos.send("x.su\t")
    nos.expect_exact("x.sum")
    text = output(nos, "()")
    check("Out[2]: 0" in text, "Tab after x.su completes x.sum on a tensor")
    output(nos, "m = mlp([1, 4, 1])")
    nos.send("m.np\t")
    nos.expect_exact("m.nparams")
    check("13" in output(nos, ""), "Tab after m.np completes m.nparams on a model")
    # Two tabs list what applies to a model, and no tensor builtins.
    nos.send("m.\t\t")
    nos.expect_exact("summary")
    listing = ANSI.sub("", nos.before + nos.after)
    nos.expect(PROMPT)  # readline shows the prompt and `m.` again under the list
    nos.sendcontrol("u")
    output(nos, "")
    check("params" in listing and "zeros" not in listing and "sqrt" not in listing,
          "Tab Tab after m. lists the model's members only")
    text = output(nos, ":help m")
    check("m: a model" in text and "m.summary()" in text, ":help m describes the model m")
    nos.sendeof()
    nos.expect(pexpect.EOF)


def wrapping():
    nos = spawn(60)
    text = output(nos, "help(linspace)")
    lines = [l for l in text.split("\n") if l.strip()][1:]
    check("  `n` evenly spaced numbers from `start` to `stop`, both" in lines
          and "  included: `linspace(0, 1, 5)`." in lines,
          "help wraps at the 60-column terminal's width, code spans whole")
    text = output(nos, "help(mlp([1, 4, 1]))")
    lines = [l for l in text.split("\n") if l.strip()][1:]
    check(lines and max(len(l) for l in lines) <= 60 and any("m.summary()" in l for l in lines),
          "help(m) fits 60 columns and lists the model's methods")
    nos.sendeof()
    nos.expect(pexpect.EOF)


def main():
    completion()
    wrapping()
    print(f"help transcript: {len(failures)} failed" if failures else "help transcript: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
