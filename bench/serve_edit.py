"""Times `puente serve` from saving an edited event to the reload signal (the rebuild in between).

Usage: python3 bench/serve_edit.py PUENTE SITE_DIR   — prints `serve-edit <ms>` lines (3 edits),
the server's own `serve-rebuild <ms>`, and `serve-cpu <ms>`: the CPU time (user + system, all
threads) the server spent from the save to the reload signal, which a busy shared machine inflates
far less than the wall time. Loopback only; every wait is bounded.
"""
import os
import re
import socket
import subprocess
import sys
import threading
import time


def cpu_seconds(pid):
    """User + system CPU time of process `pid` so far (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    puente, site = sys.argv[1], sys.argv[2]
    server = subprocess.Popen(
        [puente, "serve", "--root", site, "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    port = None
    lines = []

    def drain():
        for line in server.stderr:
            lines.append(line)

    deadline = time.time() + 300
    while port is None and time.time() < deadline:
        line = server.stderr.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            port = int(match.group(1))
    threading.Thread(target=drain, daemon=True).start()
    try:
        if port is None:
            raise SystemExit("serve did not start")
        events_dir = os.path.join(site, "content", "events")
        files = sorted(os.listdir(events_dir))
        for attempt in range(3):
            sock = socket.create_connection(("127.0.0.1", port), timeout=60)
            sock.sendall(f"GET /__puente/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            time.sleep(0.5)
            path = os.path.join(events_dir, files[len(files) // 3 + attempt])
            text = open(path, encoding="utf-8").read()
            text = text.replace('summary = "', f'summary = "Serve edit {attempt}. ', 1)
            start, cpu_start = time.time(), cpu_seconds(server.pid)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            buffer = b""
            while b"event: reload" not in buffer:
                chunk = sock.recv(4096)
                if not chunk:
                    raise SystemExit("the event stream closed")
                buffer += chunk
            print(f"serve-edit {(time.time() - start) * 1000:.0f}")
            print(f"serve-cpu {(cpu_seconds(server.pid) - cpu_start) * 1000:.0f}")
            sock.close()
        for line in lines:
            match = re.search(r"^built: .* — (\d+) ms", line)
            if match:
                print(f"serve-rebuild {match.group(1)}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
