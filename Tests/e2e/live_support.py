"""Helpers for the live-update tests: a raw Server-Sent Events client and a byte-counting proxy."""
import json
import socket
import threading
import time

HOST = "127.0.0.1"


class EventClient:
    """GET /json/events on a raw socket; parses `id:`/`data:` frames as they arrive."""

    def __init__(self, port, last_event_id=None, timeout=10):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        headers = "GET /json/events HTTP/1.1\r\nHost: %s:%d\r\nAccept: text/event-stream\r\n" % (HOST, port)
        if last_event_id is not None:
            headers += "Last-Event-ID: %s\r\n" % last_event_id
        self.sock.sendall((headers + "\r\n").encode())
        self.buf = b""
        self.head = None
        self.events = []

    def read_head(self):
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            assert chunk, "connection closed before the headers"
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        self.head = head.decode("latin-1")
        return self.head

    def _frames(self):
        # The body is chunked: strip chunk-size lines by reading frames between blank lines of the payload.
        text = self.buf.decode("utf-8", "replace")
        return text

    def next_event(self, timeout=5.0):
        """The next event with data, as (id, dict); None when the stream ended."""
        if self.head is None:
            self.read_head()
        deadline = time.monotonic() + timeout
        while True:
            ev = self._parse_one()
            if ev is not None:
                return ev
            left = deadline - time.monotonic()
            assert left > 0, "no event within %.1fs; buffer %r" % (timeout, self.buf[-300:])
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                return None
            self.buf += chunk

    def _parse_one(self):
        # Frames are "id: X\ndata: {...}\n\n"; chunked-encoding lines ("1a\r\n") are skipped.
        while True:
            i = self.buf.find(b"data: ")
            if i < 0:
                return None
            j = self.buf.find(b"\n", i)
            if j < 0:
                return None
            data = self.buf[i + 6:j]
            before = self.buf[:i]
            k = before.rfind(b"id: ")
            eid = before[k + 4:before.find(b"\n", k)].decode() if k >= 0 else None
            self.buf = self.buf[j + 1:]
            return eid, json.loads(data)

    def events_until(self, pred, timeout=5.0):
        got = []
        deadline = time.monotonic() + timeout
        while True:
            ev = self.next_event(timeout=max(0.05, deadline - time.monotonic()))
            assert ev is not None, "stream ended; got %r" % got
            got.append(ev)
            if pred(ev, got):
                return got

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class CountingProxy:
    """A TCP proxy on 127.0.0.1 that counts the bytes the server sends to the client."""

    def __init__(self, target_port):
        self.target = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((HOST, 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.server_bytes = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return "http://%s:%d" % (HOST, self.port)

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((HOST, self.target))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, src, dst, count):
        try:
            while True:
                data = src.recv(1 << 20)
                if not data:
                    break
                if count:
                    with self.lock:
                        self.server_bytes += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.listener.close()
