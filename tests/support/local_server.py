"""`kaigiroku serve` on an index of the bundled data/, on a free loopback
port, for the Python tests (the browser test, the OpenAPI check). Every
wait is bounded in time."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "release", "kaigiroku")
DICT = os.environ.get("KAIGIROKU_DICT", os.path.join(ROOT, "target", "test-dict", "ipadic"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {url}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


class Served:
    """The server over a fresh index of data/: `with Served() as site:`
    gives its base URL and stops it, and removes the index, on leaving."""

    def __enter__(self):
        if not os.path.exists(BIN):
            raise SystemExit(f"missing {BIN} (build with `cargo build --release`)")
        self.work = tempfile.mkdtemp(prefix="kaigiroku-served-")
        index = os.path.join(self.work, "index")
        subprocess.run([BIN, "--dict", DICT, "ingest", os.path.join(ROOT, "data"), "--index", index],
                       check=True, timeout=300, stdout=subprocess.DEVNULL)
        port = free_port()
        self.process = subprocess.Popen([BIN, "--dict", DICT, "serve", "--index", index,
                                         "--addr", f"127.0.0.1:{port}"], stderr=subprocess.DEVNULL)
        site = f"http://127.0.0.1:{port}"
        wait_for(site + "/healthz")
        return site

    def __exit__(self, *_):
        stop(self.process)
        shutil.rmtree(self.work, ignore_errors=True)
