"""Editor: `standgen edit` — the stand's data as forms in the browser, with live checks and previews.

A local web app (Starlette on uvicorn) on the loopback interface only; see app.py for
the pages and SECURITY.md for what guards it.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

HOST = "127.0.0.1"


def open_socket(port: int) -> socket.socket:
    """A listening socket on the loopback interface; port 0 takes a free one."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if port and sys.platform != "win32":  # restart at once on the same port; on Windows it would allow sharing it
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(data: Path, layouts: Path, out: Path, port: int = 0, browser: bool = True,
          say: Callable[[str], None] = print) -> int:
    """Run the editor until Ctrl-C; 0 when it stopped cleanly."""
    import uvicorn

    from generator.edit.app import Settings, create_app
    from generator.messages import msg
    from generator.diag import Diagnostic, Problems
    try:
        sock = open_socket(port)
    except OSError as exc:  # the port is taken, or not allowed: one line, exit 1, no traceback
        raise Problems([Diagnostic(f"{HOST}:{port}", msg("edit.port-busy", reason=exc.strerror or str(exc)),
                                   msg("edit.port-busy.hint"))]) from None
    port = sock.getsockname()[1]
    url = f"http://{HOST}:{port}/"
    settings = Settings(data, layouts, out, origins={f"http://{HOST}:{port}", f"http://localhost:{port}"})
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False))
    if browser:
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    say(msg("edit.started", url=url))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    say(msg("edit.stopped"))
    return 0


def _open_when_up(server: object, url: str) -> None:
    for _ in range(200):
        if getattr(server, "started", False):
            webbrowser.open(url)
            return
        time.sleep(0.05)
