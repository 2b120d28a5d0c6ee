"""What a newcomer meets first, driven through the real `nos` binary (in a pseudo-terminal
where a terminal matters): nos notebook's checks and progress, figures at the end of a REPL
cell, :plots window without a display, nos --version and the install.
Usage: newcomer_test.py NOS_BIN"""
import os
import subprocess
import sys
import tempfile
import time

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


def spawn_repl(tmp, home):
    env = dict(os.environ, HOME=home, TERM="xterm")
    nos = pexpect.spawn(BIN, ["--plots=off"], env=env, cwd=tmp, encoding="utf-8", timeout=60,
                        dimensions=(40, 120))
    nos.expect(PROMPT)
    return nos


def cell(nos, *lines):
    """Types the lines of one cell and returns what the screen showed up to the next prompt."""
    for line in lines:
        nos.sendline(line)
    nos.expect(PROMPT)
    return nos.before


def parity(tmp):
    home = tempfile.mkdtemp()
    nos = spawn_repl(tmp, home)
    cell(nos, "x = 3")
    out = cell(nos, "if x > 5 {", '  print("big")', "}", "else {", "", '  print("small")', "}")
    check("small" in out and "error" not in out,
          "a file's `}` / `else {` on the next line and a blank line in a block work when typed")
    out = cell(nos, "if x > 1 {", '  print("one")', "}", "")
    check("one" in out, "an if without else runs after an empty line")
    cell(nos, "b = ones(1000, 1000)")
    out = cell(nos, ":time for k in 0..60 { c = b @ b }")
    check(out.count("wall time") == 1, f":time prints the wall time once: {out.count('wall time')}")
    cell(nos, "a = ones(4000, 4000)")
    nos.sendline("c = a @ a")
    time.sleep(0.3)
    nos.sendintr()
    nos.expect(PROMPT)
    check("interrupted" in nos.before, "Ctrl-C during one long matmul stops the cell after it")
    cell(nos, "seed(1); m = mlp([1, 64, 64, 1]); xs = randn(20000, 1)")
    nos.sendline("h = fit(m, xs, sin(xs), epochs=1000, val=[xs[:200], sin(xs[:200])], verbose=0)")
    time.sleep(2)
    nos.sendintr()
    nos.expect(PROMPT)
    out = cell(nos, "print(len(h.loss) == len(h.val), len(h.loss) < 1000)")
    check("true true" in out, "after Ctrl-C in fit, h.loss and h.val have the same length")
    nos.sendeof()
    nos.expect(pexpect.EOF)
    # A new session recalls a multi-line cell as one history entry (two Up arrows).
    home = tempfile.mkdtemp()
    nos = spawn_repl(tmp, home)
    cell(nos, "if 3 > 5 {", '  print("big")', "}", "else {", '  print("small")', "}")
    cell(nos, "y = 1")
    nos.sendeof()
    nos.expect(pexpect.EOF)
    nos = spawn_repl(tmp, home)
    nos.send("\x1b[A\x1b[A")
    time.sleep(0.3)
    out = cell(nos, "")
    check("small" in out and "error" not in out, "a multi-line cell is one history entry")
    nos.sendeof()
    nos.expect(pexpect.EOF)


def tutorial(tmp):
    folder = os.path.join(tmp, "tutorials")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "01-tiny.nos"), "w") as f:
        f.write('# %% [markdown]\n# # 01 Tiny\n# %%\nhanded = 42\n# %%\nprint("original")\n')
    editor = os.path.join(tmp, "editor.py")
    with open(editor, "w") as f:
        # The fake editor reads one line from the terminal, as vi or nano read keys.
        f.write("import os, sys\nfg = os.tcgetpgrp(0) == os.getpgrp()\n"
                "typed = sys.stdin.readline().strip()\n"
                "open(sys.argv[1], 'w').write(f'print(\"edited\", {str(fg).lower()}, "
                "\"{typed}\")')\n")
    env = dict(os.environ, HOME=tmp, TERM="xterm", NOS_TUTORIALS=folder,
               EDITOR=f"{sys.executable} {editor}")
    env.pop("VISUAL", None)
    nos = pexpect.spawn(BIN, ["tutorial", "1"], env=env, cwd=tmp, encoding="utf-8", timeout=30)
    nos.expect_exact("(2/3)")
    nos.sendline("")
    nos.expect_exact("(3/3)")
    nos.sendline("e")
    time.sleep(0.5)
    nos.sendline("keys4editor")
    nos.expect_exact("(3/3)")
    check('"edited"' in nos.before and "true" in nos.before and "false" not in nos.before,
          "the stepper's e runs $EDITOR in the terminal's foreground process group")
    check('"keys4editor"' in nos.before, "the keys typed in the editor reach the editor")
    # Had the stepper read the editor's keys too, it would take them as its answer and move on.
    leaked = nos.expect([PROMPT, pexpect.TIMEOUT], timeout=1.5) == 0
    check(not leaked, "no keystroke typed in the editor leaks into the stepper's prompt")
    nos.sendline("")
    nos.expect(PROMPT)
    check("edited true keys4editor" in nos.before, "the edited cell runs")
    out = cell(nos, ":vars")
    check("handed" in out and "number" in out, ":vars lists what a tutorial handed over")
    nos.sendeof()
    nos.expect(pexpect.EOF)
    env["EDITOR"] = "/no/such/editor"
    nos = pexpect.spawn(BIN, ["tutorial", "1"], env=env, cwd=tmp, encoding="utf-8", timeout=30)
    nos.expect_exact("(2/3)")
    nos.sendline("e")
    nos.expect_exact("(2/3)")
    check("could not start the editor '/no/such/editor'" in nos.before,
          "the stepper says when no editor could be started")
    nos.sendline("q")
    nos.expect(PROMPT)
    nos.sendeof()
    nos.expect(pexpect.EOF)


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def version_and_install(tmp):
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty", "--abbrev=12",
                             "--exclude", "*"], capture_output=True, text=True).stdout.strip()
    code, out, _ = run(["--version"], tmp)
    check(code == 0 and f"(commit {commit})" in out, f"nos --version names the commit {commit}: {out}")
    prefix = os.path.join(tmp, "prefix")
    env = dict(os.environ, NOS_INSTALL_BIN=BIN)
    script = f'source "{ROOT}/scripts/lib/setup.sh"; source "{ROOT}/scripts/lib/install.sh"; ' \
             f'nos_install --prefix "{prefix}"'
    p = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)
    check(p.returncode == 0 and "installed nos" in p.stdout, "install --prefix DIR runs")
    r = subprocess.run([os.path.join(prefix, "bin/nos"), "-e", "1 + 2"], capture_output=True,
                       text=True)
    check(r.stdout == "3\n", "the installed nos runs")
    r = subprocess.run([os.path.join(prefix, "bin/nos"), "tutorial"], capture_output=True,
                       text=True, cwd=tmp,
                       env={k: v for k, v in os.environ.items() if k != "NOS_TUTORIALS"})
    check(r.returncode == 0 and "Tensors" in r.stdout, "the installed nos finds its tutorials")
    man = open(os.path.join(prefix, "share/man/man1/nos.1")).read()
    check(man.startswith(".TH NOS 1") and "nos notebook" in man and "--allow-errors" in man,
          "a man page from --help, subcommands included")
    bash = os.path.join(prefix, "share/bash-completion/completions/nos")

    def complete(words):
        line = " ".join(words)
        cmd = (f'source "{bash}"; COMP_WORDS=({" ".join(repr(w) for w in words)}); '
               f'COMP_CWORD={len(words) - 1}; COMP_LINE={line!r}; COMP_POINT={len(line)}; '
               f'_nos nos {words[-1]!r} {words[-2]!r}; printf "%s\\n" "${{COMPREPLY[@]}}"')
        return subprocess.run(["bash", "-c", cmd], capture_output=True, text=True).stdout.split()

    check(complete(["nos", "noteb"]) == ["notebook"], "bash completes a subcommand")
    check("--allow-errors" in complete(["nos", "notebook", "--allow"]),
          "bash completes a subcommand's flag")
    zsh = open(os.path.join(prefix, "share/zsh/site-functions/_nos")).read()
    fish = open(os.path.join(prefix, "share/fish/vendor_completions.d/nos.fish")).read()
    check(zsh.startswith("#compdef nos") and "notebook" in zsh and "notebook" in fish,
          "zsh and fish completions list the subcommands")


def main():
    tmp = tempfile.mkdtemp()
    notebook(tmp)
    repl(tmp)
    parity(tmp)
    tutorial(tmp)
    version_and_install(tmp)
    print(f"newcomer: {len(failures)} failed" if failures else "newcomer: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
