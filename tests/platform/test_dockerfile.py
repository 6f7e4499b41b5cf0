"""The production image (not built here: no Docker engine) starts the converter as `make run` does:
the same unoserver version and options, and the document code is told where it is."""

from __future__ import annotations

import importlib.util
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def _stack_script():
    spec = importlib.util.spec_from_file_location("parcours_stack_for_dockerfile", ROOT / "scripts" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_image_installs_the_unoserver_version_make_install_installs():
    image = re.search(r"^ARG UNOSERVER_VERSION=(\S+)$", DOCKERFILE, re.M).group(1)
    native = re.search(r"^UNOSERVER_VERSION=(\S+)$", (ROOT / "scripts" / "install.sh").read_text(), re.M).group(1)
    assert image == native


def test_the_image_runs_the_converter_with_the_options_make_run_uses():
    line = re.search(r"'command=(/usr/bin/python3 -m unoserver\.server [^']+)'", DOCKERFILE).group(1)
    image = shlex.split(line)
    native, env = _stack_script().converter_command(2003, 2002, Path("/tmp/parcours-converter-profile"))
    options = lambda cmd: [a for a in cmd if a.startswith("--")]  # noqa: E731
    assert options(image) == options(native)
    assert image[image.index("--conversion-timeout") + 1] == native[native.index("--conversion-timeout") + 1]
    assert f'SAL_USE_VCLPLUGIN="{env["SAL_USE_VCLPLUGIN"]}"' in DOCKERFILE
    port = image[image.index("--port") + 1]
    assert re.search(rf"^ENV PARCOURS_CONVERTER=127\.0\.0\.1:{port}$", DOCKERFILE, re.M)
