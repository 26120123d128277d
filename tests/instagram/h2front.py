"""An HTTP/2-over-TLS front for the fake Instagram, for instagrapi's production curl transport.

instagrapi's default private transport (curl_cffi, HTTP/2 only, TLS 1.3) refuses anything but an
h2 answer over TLS. This front listens on 127.0.0.1 with a certificate from a local test CA
(trustme), speaks HTTP/2 (the h2 library), and passes every request on, unchanged, to the fake's
HTTP/1.1 port. Loopback only.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
from pathlib import Path
from typing import Any


class H2Front:
    def __init__(self, backend_port: int, ca_dir: Path) -> None:
        import trustme

        self.backend_port = backend_port
        self.ca = trustme.CA()
        cert = self.ca.issue_cert("127.0.0.1", "localhost")
        self.ca_file = ca_dir / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2
        cert.configure_cert(self.context)
        self.context.set_alpn_protocols(["h2"])
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.negotiated: list[str | None] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> H2Front:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                raw, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        import h2.config
        import h2.connection
        import h2.events

        try:
            tls = self.context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            return
        self.negotiated.append(tls.selected_alpn_protocol())
        conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False))
        conn.initiate_connection()
        tls.sendall(conn.data_to_send())
        streams: dict[int, dict[str, Any]] = {}
        try:
            while True:
                data = tls.recv(65535)
                if not data:
                    return
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        streams[event.stream_id] = {"headers": _decoded(event.headers), "body": b""}
                    elif isinstance(event, h2.events.DataReceived):
                        streams[event.stream_id]["body"] += event.data
                        conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                    elif isinstance(event, h2.events.StreamEnded):
                        request = streams.pop(event.stream_id)
                        answer = self._forward(request)
                        if answer is None:  # the fake dropped the connection: so do we
                            tls.close()
                            return
                        self._respond(conn, tls, event.stream_id, *answer)
                    elif isinstance(event, h2.events.ConnectionTerminated):
                        return
                out = conn.data_to_send()
                if out:
                    tls.sendall(out)
        except (OSError, ssl.SSLError, KeyError):
            return
        finally:
            tls.close()

    def _forward(self, request: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes] | None:
        headers = request["headers"]
        pseudo = {k: v for k, v in headers if k.startswith(":")}
        plain = [(k, v) for k, v in headers if not k.startswith(":")]
        backend = http.client.HTTPConnection("127.0.0.1", self.backend_port, timeout=30)
        try:
            backend.putrequest(pseudo[":method"], pseudo[":path"], skip_host=True, skip_accept_encoding=True)
            backend.putheader("Host", pseudo.get(":authority", "i.instagram.com"))
            for key, value in plain:
                if key.lower() not in ("content-length", "host"):
                    backend.putheader(key, value)
            backend.putheader("Content-Length", str(len(request["body"])))
            backend.endheaders(request["body"])
            response = backend.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            return None
        finally:
            backend.close()
        skip = {"connection", "transfer-encoding", "keep-alive", "content-length"}
        out = [(k.lower(), v) for k, v in response.getheaders() if k.lower() not in skip]
        return response.status, out, body

    @staticmethod
    def _respond(
        conn: Any,
        tls: ssl.SSLSocket,
        stream_id: int,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        conn.send_headers(stream_id, [(":status", str(status)), ("content-length", str(len(body))), *headers])
        view = memoryview(body)
        while view:
            size = min(len(view), conn.local_flow_control_window(stream_id), conn.max_outbound_frame_size)
            if size <= 0:
                tls.sendall(conn.data_to_send())
                break
            conn.send_data(stream_id, bytes(view[:size]))
            view = view[size:]
        conn.end_stream(stream_id)
        tls.sendall(conn.data_to_send())


def _decoded(headers: Any) -> list[tuple[str, str]]:
    out = []
    for key, value in headers:
        out.append(
            (
                key.decode() if isinstance(key, bytes) else key,
                value.decode() if isinstance(value, bytes) else value,
            )
        )
    return out
