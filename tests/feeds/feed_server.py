#!/usr/bin/env python3
"""A loopback HTTP server of generated feeds and pages, and of the faults feed polling must
survive. Binds 127.0.0.1 on an ephemeral port and prints the port on its first line.

  /feeds/N.xml?items=K   RSS 2.0, K summary-only items linking /pages/N/I.html; ETag and
                         Last-Modified, 304 on a matching conditional request; with
                         &delay=MS the pages take MS milliseconds each
  /pages/N/I.html        an article page with navigation, scripts and a story
  /status/CODE           that status          /stall         never answers in time
  /loop                  a redirect loop      /huge          a body of 20 MB
  /bomb                  a gzip bomb (16 MB of zeros in 16 KB)
  /malformed.xml         broken XML           /wrong-charset.xml  Latin-1 sent as UTF-8
  /nolinks.xml           items without links or dates
  /dup.xml               one story under two URLs
  /flaky.xml             500 on the first request, then a feed
  /gzip.xml              a gzip-encoded feed (406 to clients that do not accept gzip)
  /stats                 {"requests": n, "conditional": n, "by_prefix": {...},
                         "user_agents": [...]} as JSON
usage: feed_server.py [--port N]
"""
import gzip
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
STATS = {"requests": 0, "conditional": 0, "by_prefix": {}, "user_agents": []}
FLAKY = {"count": 0}
BOMB = {}  # 16 MB of zeros in 16 KB of gzip, built in the background at startup
BOMB_READY = threading.Event()


def build_bomb():
    BOMB["body"] = gzip.compress(b"\0" * (16 << 20), compresslevel=6)
    BOMB_READY.set()


def bomb():
    BOMB_READY.wait()
    return BOMB["body"]
LAST_MODIFIED = "Wed, 07 Feb 2024 10:00:00 GMT"

ACTORS = ["Germany", "France", "The Netherlands", "Poland", "Britain", "Japan", "The FBI"]
TARGETS = ["Russia", "China", "Iran", "North Korea", "Belarus"]
VERBS = ["accused", "expelled diplomats of", "sanctioned", "warned"]


def story(feed, item):
    a = ACTORS[(feed + item) % len(ACTORS)]
    t = TARGETS[(feed * 3 + item) % len(TARGETS)]
    v = VERBS[(feed + 2 * item) % len(VERBS)]
    words = " ".join(f"detail{feed}x{item}w{k}" for k in range(40))
    return (f"{a} {v} {t} on Tuesday, officials said in report {feed}-{item}. "
            f"The statement followed weeks of tension. {words}.")


def rss(feed, items, host, delay=0):
    query = f"?delay={delay}" if delay else ""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
             f"<title>Loopback feed {feed}</title><link>http://{host}/</link>"]
    for i in range(items):
        parts.append(
            f"<item><title>Report {feed}-{i}</title>"
            f"<link>http://{host}/pages/{feed}/{i}.html{query}</link>"
            f"<guid isPermaLink=\"false\">loopback-{feed}-{i}</guid>"
            f"<pubDate>Tue, 06 Feb 2024 {i % 24:02}:00:00 GMT</pubDate>"
            f"<description>Summary of report {feed}-{i}.</description></item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode()


def page(feed, item):
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Report {feed}-{item}"
            f"</title><script>var tracking = 'Germany accused Russia';</script></head><body>"
            f"<header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header>"
            f"<article><h1>Report {feed}-{item}</h1><p>{story(feed, item)}</p>"
            f"<p>More details were not given.</p></article>"
            f"<footer><p>Copyright Loopback News</p></footer></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm and
        # delayed ACKs hold every keep-alive response for 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", ctype="application/rss+xml; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        path = url.path
        host = self.headers.get("Host", "127.0.0.1")
        conditional = bool(self.headers.get("If-None-Match") or
                           self.headers.get("If-Modified-Since"))
        prefix = "/" + path.strip("/").split("/")[0]
        if path != "/stats":
            with LOCK:
                STATS["requests"] += 1
                STATS["conditional"] += conditional
                STATS["by_prefix"][prefix] = STATS["by_prefix"].get(prefix, 0) + 1
                agent = self.headers.get("User-Agent", "")
                if agent not in STATS["user_agents"]:
                    STATS["user_agents"].append(agent)
        if path == "/stats":
            with LOCK:
                return self.send(200, json.dumps(STATS).encode(), "application/json")
        if path.startswith("/feeds/"):
            feed = int(path.split("/")[2].split(".")[0])
            query = parse_qs(url.query)
            items = int(query.get("items", ["20"])[0])
            delay = int(query.get("delay", ["0"])[0])
            etag = f'"feed-{feed}-{items}"'
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, headers=[("ETag", etag)])
            return self.send(200, rss(feed, items, host, delay),
                             headers=[("ETag", etag), ("Last-Modified", LAST_MODIFIED)])
        if path.startswith("/pages/"):
            _, _, feed, item = path.split("/")
            time.sleep(int(parse_qs(url.query).get("delay", ["0"])[0]) / 1000)
            return self.send(200, page(int(feed), int(item.split(".")[0])),
                             "text/html; charset=utf-8")
        if path.startswith("/status/"):
            return self.send(int(path.split("/")[2]), b"error page", "text/html")
        if path == "/stall":
            time.sleep(30)
            return self.send(200, rss(99, 1, host))
        if path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<!-- padding -->" * 4096
            try:
                for _ in range((20 << 20) // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        if path == "/gzip.xml":
            if "gzip" not in self.headers.get("Accept-Encoding", ""):
                return self.send(406, b"gzip only", "text/plain")
            return self.send(200, gzip.compress(rss(900, 2, host)),
                             headers=[("Content-Encoding", "gzip")])
        if path == "/bomb":
            return self.send(200, bomb(), headers=[("Content-Encoding", "gzip")])
        if path == "/malformed.xml":
            return self.send(200, b"<rss version=\"2.0\"><channel>\n<title>Broken</title>\n"
                                  b"<item><title>x</titl></item></channel></rss>")
        if path == "/wrong-charset.xml":
            body = ("<rss version=\"2.0\"><channel><title>Caf\u00e9 news</title><item>"
                    "<title>Stra\u00dfe</title><link>http://" + host + "/pages/500/1.html</link>"
                    "</item></channel></rss>").encode("latin-1")
            return self.send(200, body, "application/rss+xml; charset=utf-8")
        if path == "/nolinks.xml":
            body = ("<rss version=\"2.0\"><channel><title>No links</title>"
                    "<item><title>Poland arrested a Belarusian spy</title>"
                    "<description>Polish police arrested a Belarusian spy on Monday.</description>"
                    "</item><item><description>Britain sanctioned Iran on Monday.</description>"
                    "</item><item></item></channel></rss>").encode()
            return self.send(200, body)
        if path == "/dup.xml":
            text = story(700, 1)
            body = ("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                    "<channel><title>Dups</title>"
                    f"<item><title>One</title><link>http://{host}/story-a</link>"
                    f"<content:encoded>{text}</content:encoded></item>"
                    f"<item><title>Two</title><link>http://{host}/story-b</link>"
                    f"<content:encoded>{text} Read more on our site.</content:encoded></item>"
                    "</channel></rss>").encode()
            return self.send(200, body)
        if path == "/flaky.xml":
            with LOCK:
                FLAKY["count"] += 1
                first = FLAKY["count"] == 1
            if first:
                return self.send(500, b"busy", "text/plain")
            return self.send(200, rss(800, 2, host))
        return self.send(404, b"not found", "text/plain")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that give up (size limits, timeouts) reset their connections


def main():
    port = 0
    if len(sys.argv) == 3 and sys.argv[1] == "--port":
        port = int(sys.argv[2])
    server = Server(("127.0.0.1", port), Handler)
    threading.Thread(target=build_bomb, daemon=True).start()
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
