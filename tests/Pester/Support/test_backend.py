"""A tiny threaded HTTP backend for the sandbox data plane tests (Debian's /usr/bin/python3, standard library only).

    python3 test_backend.py NAME
Prints its port on the first line of stdout, then serves on 127.0.0.1 until stdin closes:
  GET /health          answers the current health status (200 at start)
  GET /_status/CODE    sets that status (e.g. /_status/500)
  GET /slow?ms=N       answers after N milliseconds
  GET /hold            answers once /release is called (a request kept in flight for as long as a test needs)
  GET /release         lets every held request answer
  GET /_stats          {"health_checks": how many /health requests, "in_flight": requests being answered now}
  anything else        200 with a JSON body: name, method, path, query, headers
Every answer carries 'X-Backend: NAME'.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

NAME = sys.argv[1] if len(sys.argv) > 1 else "backend"
state = {"health": 200, "health_checks": 0, "in_flight": 0}
lock = threading.Lock()
released = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = -1  # one write per answer (headers and body): no Nagle / delayed-ACK stall on keep-alive connections

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Backend", NAME)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        with lock:
            state["in_flight"] += 1
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client left first (a health check reads the status line only)
        finally:
            with lock:
                state["in_flight"] -= 1

    def route(self):
        url = urlsplit(self.path)
        if url.path == "/_stats":
            with lock:
                return self.answer(200, json.dumps({"health_checks": state["health_checks"], "in_flight": state["in_flight"] - 1}))
        if url.path == "/health":
            with lock:
                state["health_checks"] += 1
            return self.answer(state["health"], json.dumps({"name": NAME, "health": state["health"]}))
        if url.path.startswith("/_status/"):
            state["health"] = int(url.path.rsplit("/", 1)[1])
            return self.answer(200, json.dumps({"name": NAME, "health": state["health"]}))
        if url.path == "/release":
            released.set()
            return self.answer(200, json.dumps({"name": NAME, "released": True}))
        if url.path.endswith("/hold"):
            released.wait(120)
        if url.path == "/slow":
            time.sleep(int(parse_qs(url.query).get("ms", ["1000"])[0]) / 1000.0)
        self.answer(200, json.dumps({"name": NAME, "method": self.command, "path": url.path, "query": url.query,
                                     "headers": {k.lower(): v for k, v in self.headers.items()}}))

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
