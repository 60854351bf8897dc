#!/usr/bin/env python3
"""An OTLP/HTTP sink for the benchmark with tracing on: answers every export with 200 and an
empty ExportTraceServiceResponse (zero bytes of protobuf), and counts the bytes it took.
    python3 Benchmarks/load/otlp_sink.py 4318 &
    MEKONG_TRACING_OTLP_ENDPOINT=http://127.0.0.1:4318/v1/traces scripts/bench --duration 10
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = {"exports": 0, "bytes": 0}


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        size = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(size)
        received["exports"] += 1
        received["bytes"] += size
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        body = f'{{"exports": {received["exports"]}, "bytes": {received["bytes"]}}}'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
