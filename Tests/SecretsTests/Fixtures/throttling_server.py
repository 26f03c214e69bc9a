#!/usr/bin/env python3
"""A loopback HTTP server that answers like an AWS JSON service under load: the first N requests
get HTTP 400 ThrottlingException, the next ones a fixed GetParameters answer. Prints its port.
Used only for the retry path, which no real service (moto included) produces on demand."""
import http.server
import json
import sys

throttle_count = int(sys.argv[1]) if len(sys.argv) > 1 else 2
seen = {"requests": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        seen["requests"] += 1
        if seen["requests"] <= throttle_count:
            body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()
            self.send_response(400)
        else:
            body = json.dumps({"Parameters": [{"Name": "/throttled/param", "Value": "after-throttling", "Type": "String"}],
                               "InvalidParameters": []}).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
