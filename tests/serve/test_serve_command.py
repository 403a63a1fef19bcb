"""``acttutor serve`` without a browser: every mistake is one line and exit 2, the page names
the address the browser used, and each tab's command is quoted safely."""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from acttutor.cli import main
from acttutor.commands.serve import _make_server, check_can_listen, session_command
from acttutor.progress.learners import LearnerNameError, check_name, folder_name, learner


def _serve_fails(capsys, *args: str) -> str:
    assert main(["serve", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("acttutor serve: error: ")
    return captured.err


@pytest.mark.parametrize(
    ("port", "message"),
    [("abc", "whole number from 1 to 65535"), ("0", "from 1 to 65535"),
     ("65536", "from 1 to 65535"), ("-1", "from 1 to 65535")],
)
def test_a_bad_port(capsys, port: str, message: str) -> None:
    assert message in _serve_fails(capsys, "--port", port)


def test_a_port_in_use(capsys) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        err = _serve_fails(capsys, "--port", str(port))
    assert f"port {port} on 127.0.0.1 is in use" in err


def test_an_unreadable_content_folder(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert "no such folder" in _serve_fails(capsys, "--content", str(missing))
    a_file = tmp_path / "course.yaml"
    a_file.write_text("format_version: 1\n")
    assert "not a folder" in _serve_fails(capsys, "--content", str(a_file))


def test_a_host_that_is_not_here(capsys) -> None:
    assert "not an address or a known host name" in _serve_fails(
        capsys, "--host", "no-such-host.invalid"
    )
    assert "is not an address of this computer" in check_can_listen("192.0.2.1", 8000)


def test_each_tab_runs_the_session_module_with_quoted_paths(tmp_path: Path) -> None:
    odd = tmp_path / "my course; rm -rf ~"
    command = session_command([odd], "ko", tmp_path / "data dir" / "learners")
    words = shlex.split(command)
    assert words[:5] == ["exec", sys.executable, "-m", "acttutor.commands.serve", "--session"]
    assert words[words.index("--content") + 1] == str(odd)
    assert words[words.index("--learners") + 1] == str(tmp_path / "data dir" / "learners")
    assert words[words.index("--lang") + 1] == "ko"


async def test_the_page_connects_back_to_the_address_the_browser_used() -> None:
    server = _make_server("true", "0.0.0.0", 8000, [])
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        response = await client.get("/", headers={"Host": "192.168.1.20:8000"})
        page = await response.text()
    finally:
        await client.close()
    assert response.status == 200
    assert 'data-session-websocket-url="ws://192.168.1.20:8000/ws"' in page
    assert "0.0.0.0" not in page


# --------------------------------------------------------------------------- learner names


@pytest.mark.parametrize("name", ["Ana", "  Ana   Lee ", "김민수", "José-María", "o'neil_2", "A.B"])
def test_names_in_any_script_are_accepted(name: str) -> None:
    assert check_name(name) == " ".join(name.split())


@pytest.mark.parametrize(
    "name",
    ["", "   ", "../x", "a/b", "a\\b", "x\x00y", "[b]x[/b]", ".", "..", ".hidden",
     "dot.", "con", "NUL.txt", "x" * 41, "a:b", "<x>", "a\u202eb"],
)
def test_names_that_could_leave_the_folder_or_mislead_are_refused(name: str) -> None:
    with pytest.raises(LearnerNameError):
        check_name(name)


def test_case_and_spacing_never_split_a_history(tmp_path: Path) -> None:
    assert folder_name("Ana  Lee") == folder_name("ana lee") == "ana lee"
    ana = learner(tmp_path, " ANA LEE")
    assert ana.name == "ANA LEE"
    assert ana.data_dir == tmp_path / "ana lee"
    assert ana.data_dir.parent == tmp_path
