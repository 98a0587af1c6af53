# The classic tutorial echo client, its socket wrapped in TLS: one message, one recv(1024), close.
# Usage: tls_echo_client.py HOST PORT CA_FILE [CLIENT_CERT CLIENT_KEY]
import socket
import ssl
import sys

HOST, PORT, CA = sys.argv[1], int(sys.argv[2]), sys.argv[3]

context = ssl.create_default_context(cafile=CA)
if len(sys.argv) > 5:
    context.load_cert_chain(sys.argv[4], sys.argv[5])

with socket.create_connection((HOST, PORT)) as raw:
    with context.wrap_socket(raw, server_hostname="localhost") as s:
        s.sendall(b"Hello, world")
        data = s.recv(1024)
        version = s.version()

print(f"Received {data!r} over {version}")
