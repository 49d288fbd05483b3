"""Switchboard python kernel driver (run as `python3 -u python-driver.py` inside a PTY).

Keeps one globals dict for the session and runs blocks on request. Control lines arrive on
stdin as `<secret> run <nonce> <block file>`; a line without the kernel's secret (typeahead,
stray input) is ignored. The terminal does not echo while idle, so control lines never show.
A block file runs unmodified: every statement is executed, and when the last statement is an
expression its value is shown like Jupyter does. Afterwards the end marker
`ESC ] 7777 ; sb ; <nonce> ; <status> BEL` is printed; status is 0, 1 (exception), the
`sys.exit` code, or 130 (KeyboardInterrupt).

Plots: when the user's code imports matplotlib, its backend is set to an inline one that
lives only in this process (subprocesses are not affected). `plt.show()` saves each open
figure as a PNG in the private run directory and prints the image marker
`ESC ] 7777 ; sb ; <image token> ; <n> BEL`; Switchboard reads the file and shows the picture.
"""

import ast
import builtins
import hmac
import importlib.abc
import importlib.machinery
import linecache
import os
import signal
import sys
import traceback
import types

try:
    import termios
except ImportError:  # not a POSIX system: no echo control
    termios = None

_SECRET = os.environ.pop("SB_KERNEL_SECRET", "")
_READY = os.environ.pop("SB_KERNEL_READY", "")
_IMAGE_TOKEN = os.environ.pop("SB_KERNEL_IMAGE_TOKEN", "")
_IMAGE_DIR = os.environ.pop("SB_KERNEL_IMAGE_DIR", "")
_CO_COROUTINE = 0x80
_TOP_LEVEL_AWAIT = getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)


def _terminal_modes():
    if termios is None:
        return None, None
    try:
        attributes = termios.tcgetattr(0)
    except termios.error:
        return None, None
    idle = list(attributes)
    idle[3] = attributes[3] & ~termios.ECHO
    running = list(attributes)
    running[3] = attributes[3] | termios.ECHO
    return idle, running


_IDLE_MODE, _RUNNING_MODE = _terminal_modes()


def _set_mode(mode):
    if mode is not None:
        try:
            termios.tcsetattr(0, termios.TCSANOW, mode)
        except termios.error:
            pass


def _discard_typeahead():
    if termios is not None:
        try:
            termios.tcflush(0, termios.TCIFLUSH)
        except termios.error:
            pass


def _write_marker(token, status):
    data = ("\x1b]7777;sb;%s;%s\x07" % (token, status)).encode("ascii")
    while data:
        data = data[os.write(1, data):]


class _LineReader:
    """Reads lines straight from fd 0, so no python buffer swallows a block's input."""

    def __init__(self):
        self._buffer = b""

    def readline(self):
        while b"\n" not in self._buffer:
            chunk = os.read(0, 4096)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode("utf-8", "replace").rstrip("\r")


# The user's namespace is a real __main__ module (pickle, dataclasses and friends need one).
_driver_module = sys.modules["__main__"]
_main = types.ModuleType("__main__")
_main.__dict__["__builtins__"] = builtins
sys.modules["__main__"] = _main
sys.argv = [""]
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path[0] = ""

# --- Inline plots -------------------------------------------------------------------------

_PLOT_BACKEND = "switchboard_inline_plots"
_image_count = 0

_PLOT_BACKEND_SOURCE = """
from matplotlib._pylab_helpers import Gcf
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def new_figure_manager(num, *args, FigureClass=Figure, **kwargs):
    return new_figure_manager_given_figure(num, FigureClass(*args, **kwargs))


def new_figure_manager_given_figure(num, figure):
    return FigureManagerBase(FigureCanvasAgg(figure), num)


def show(*args, **kwargs):
    for manager in Gcf.get_all_fig_managers():
        _switchboard_show_figure(manager.canvas.figure)
    Gcf.destroy_all()
"""


def _show_figure(figure):
    """Saves `figure` as a PNG in the run directory and tells Switchboard with the image marker."""
    global _image_count
    if not _IMAGE_TOKEN or not _IMAGE_DIR:
        return
    _image_count += 1
    path = os.path.join(_IMAGE_DIR, "img-%s-%d.png" % (_IMAGE_TOKEN, _image_count))
    figure.savefig(path, format="png", bbox_inches="tight")
    os.chmod(path, 0o600)
    _flush_streams()
    _write_marker(_IMAGE_TOKEN, str(_image_count))


class _MatplotlibLoader(importlib.abc.Loader):
    """Runs matplotlib's own loader, then selects the inline backend (before pyplot loads one)."""

    def __init__(self, real):
        self._real = real

    def create_module(self, spec):
        return self._real.create_module(spec)

    def exec_module(self, module):
        if module.__spec__ is not None:
            module.__spec__.loader = self._real
        module.__loader__ = self._real
        self._real.exec_module(module)
        try:
            module.rcParams["backend"] = "module://" + _PLOT_BACKEND
        except Exception:  # a matplotlib too old or too new for this: plots just do not show
            pass


class _PlotImportHook(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Provides the inline backend module and hooks the first import of matplotlib."""

    def find_spec(self, name, path=None, target=None):
        if name == _PLOT_BACKEND:
            return importlib.machinery.ModuleSpec(name, self)
        if name != "matplotlib":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _MatplotlibLoader(spec.loader)
                return spec
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__dict__["_switchboard_show_figure"] = _show_figure
        exec(compile(_PLOT_BACKEND_SOURCE, "<switchboard inline plots>", "exec"), module.__dict__)


if _IMAGE_TOKEN and _IMAGE_DIR:
    sys.meta_path.insert(0, _PlotImportHook())

# --- Running blocks -----------------------------------------------------------------------

# pip names of modules whose import name differs, for the hint after ModuleNotFoundError.
_PIP_NAMES = {
    "PIL": "pillow",
    "cv2": "opencv-python",
    "sklearn": "scikit-learn",
    "yaml": "pyyaml",
    "bs4": "beautifulsoup4",
    "dateutil": "python-dateutil",
}


def _missing_module_hint(error):
    """A clear next step when an import fails: which python lacks the module and how to add it."""
    name = (getattr(error, "name", None) or "").split(".")[0]
    if not name:
        return
    package = _PIP_NAMES.get(name, name)
    system = "" if package != name else " (or your system's package, e.g. python3-%s on Debian/Ubuntu)" % name.lower()
    print(
        "\n[Switchboard] The module '%s' is not installed for %s (the python this kernel runs).\n"
        "Install it, e.g. `%s -m pip install %s`%s, then run the block again."
        % (name, sys.executable, sys.executable, package, system),
        file=sys.stderr,
    )


def _print_exception(error, filename):
    """Prints a traceback that starts at the user's code (driver frames are cut off)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    sys.stdout.flush()
    traceback.print_exception(type(error), error, tb)
    if isinstance(error, ModuleNotFoundError):
        _missing_module_hint(error)


def _exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _evaluate(code):
    result = eval(code, _main.__dict__)
    if code.co_flags & _CO_COROUTINE:
        import asyncio

        result = asyncio.run(result)
    return result


def _run_block(path, number):
    filename = "<block %d>" % number
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        tree = compile(source, filename, "exec", ast.PyCF_ONLY_AST | _TOP_LEVEL_AWAIT)
    except (SyntaxError, ValueError) as error:
        traceback.print_exception(type(error), error, None)
        return 1
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    try:
        _evaluate(compile(tree, filename, "exec", _TOP_LEVEL_AWAIT))
        if last is not None:
            value = _evaluate(compile(last, filename, "eval", _TOP_LEVEL_AWAIT))
            if value is not None:
                sys.displayhook(value)
        return 0
    except SystemExit as error:
        return _exit_status(error.code)
    except KeyboardInterrupt as error:
        _print_exception(error, filename)
        return 130
    except BaseException as error:  # noqa: B902 - everything the block raises is reported
        _print_exception(error, filename)
        return 1


def _flush_streams():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:
            pass


def _restore_stdin():
    # `exit()`/`quit()` close sys.stdin before raising SystemExit; the next `input()` needs it.
    if sys.stdin is None or sys.stdin.closed:
        sys.stdin = open(0, "r", encoding="utf-8", errors="replace", closefd=False)


def _serve():
    if not _SECRET:
        print("python-driver: SB_KERNEL_SECRET is missing", file=sys.stderr)
        return 2
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _set_mode(_IDLE_MODE)
    _write_marker(_READY, "ready")
    reader = _LineReader()
    number = 0
    while True:
        line = reader.readline()
        if line is None:
            return 0
        parts = line.split(" ", 3)
        if len(parts) != 4 or parts[1] != "run" or not hmac.compare_digest(parts[0], _SECRET):
            continue
        nonce, path = parts[2], parts[3]
        number += 1
        status = 130
        try:
            _set_mode(_RUNNING_MODE)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            try:
                status = _run_block(path, number)
            finally:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
        except KeyboardInterrupt:
            status = 130  # arrived between the block and the handler reset
        except Exception as error:  # the block file could not be read
            print("python-driver: %s" % error, file=sys.stderr)
            status = 1
        _flush_streams()
        _restore_stdin()
        _discard_typeahead()
        _set_mode(_IDLE_MODE)
        _write_marker(nonce, status)


if __name__ == "__main__":
    sys.exit(_serve())
