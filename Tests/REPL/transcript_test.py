"""REPL transcript test: drives the real `nos` binary in a pseudo-terminal with pexpect,
as a person would type, and checks what the screen shows. Usage: transcript_test.py NOS_BIN"""
import os
import sys
import tempfile
import time

import pexpect

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/release/nos"
PROMPT = r"In \[(\d+)\]: "
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def main():
    home = tempfile.mkdtemp()
    env = dict(os.environ, HOME=home, TERM="xterm")
    nos = pexpect.spawn(BIN, env=env, encoding="utf-8", timeout=10, dimensions=(40, 120))

    nos.expect(PROMPT)
    check(nos.match.group(1) == "1", "first prompt is In [1]:")

    nos.sendline("x = [1, 2, 3]")
    nos.expect(PROMPT)
    check("Out" not in nos.before, "an assignment shows no Out")

    nos.sendline("x * 2")
    nos.expect(PROMPT)
    check("Out[2]: tensor f64 [3]" in nos.before and "[2, 4, 6]" in nos.before, "Out[2] shows the tensor")

    nos.sendline("_ + 1")
    nos.expect(PROMPT)
    check("[3, 5, 7]" in nos.before, "_ is the last result")

    nos.sendline("Out[2][0]")
    nos.expect(PROMPT)
    check("Out[4]: 2" in nos.before, "Out[n] recalls an earlier result")

    nos.sendline("1 + 1;")
    nos.expect(PROMPT)
    check("Out" not in nos.before, "a trailing ; suppresses the result")

    # Continuation: an open brace asks for more lines with the ...: prompt.
    nos.sendline("fn add(a, b) {")
    nos.expect_exact("   ...: ")
    check(True, "an unfinished function asks for a continuation line")
    nos.sendline("  a + b")
    nos.expect_exact("   ...: ")
    nos.sendline("}")
    nos.expect(PROMPT)
    nos.sendline("add(2, 3)")
    nos.expect(PROMPT)
    check("Out[7]: 5" in nos.before, "the continued definition works")

    # Completion of a workspace name and of a record field.
    nos.sendline("config = {learning_rate: 0.1, epochs: 3}")
    nos.expect(PROMPT)
    nos.send("config.lea\t")
    nos.expect_exact("learning_rate")
    nos.sendline("")
    nos.expect(PROMPT)
    check("0.1" in nos.before, "Tab completes a record field")
    nos.send("conf\t")
    nos.expect_exact("config")
    nos.sendline(".epochs")
    nos.expect(PROMPT)
    check("3" in nos.before, "Tab completes a workspace name")

    nos.sendline(":vars")
    nos.expect(PROMPT)
    check("x" in nos.before and "tensor" in nos.before and "[3]" in nos.before and "24" in nos.before,
          ":vars lists x as a tensor [3] of 24 bytes")

    # Ctrl-C stops a running loop and keeps the workspace.
    nos.sendline("i = 0; while true { i += 1 }")
    time.sleep(0.8)
    nos.sendintr()
    nos.expect(PROMPT)
    check("interrupted" in nos.before, "Ctrl-C interrupts a running cell")
    nos.sendline("i > 0 and len(x) == 3")
    nos.expect(PROMPT)
    check("true" in nos.before, "the workspace survives an interrupt")

    # Ctrl-C at the prompt drops the half-typed line.
    nos.send("this is half")
    time.sleep(0.2)
    nos.sendintr()
    nos.expect(PROMPT)
    nos.sendline("len(x)")
    nos.expect(PROMPT)
    check("3" in nos.before and "half" not in nos.before, "Ctrl-C at the prompt clears the line")

    # A syntax error is reported with a caret, and the session goes on.
    nos.sendline("y = (1 + ")
    nos.expect_exact("   ...: ")
    nos.sendline("+)")
    nos.expect(PROMPT)
    check("error:" in nos.before and "^" in nos.before, "a syntax error shows a caret")
    nos.sendline("1 + 2")
    nos.expect(PROMPT)
    check("3" in nos.before, "the REPL carries on after an error")

    nos.sendeof()
    nos.expect(pexpect.EOF)
    nos.close()
    check(nos.exitstatus == 0, "Ctrl-D quits with status 0")
    history = os.path.join(home, ".nos_history")
    check(os.path.exists(history) and "add(2, 3)" in open(history).read(), "history is kept in ~/.nos_history")

    print(f"REPL transcript: {len(failures)} failed" if failures else "REPL transcript: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
