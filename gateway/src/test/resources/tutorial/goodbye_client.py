# Sends 17 bytes, then reads exactly 16: what a server answering "Goodbye, client!" sends.
import socket
import sys

HOST, PORT = sys.argv[1], int(sys.argv[2])

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(b"Hello, server!!!!")
    data = b""
    while len(data) < 16:
        chunk = s.recv(16 - len(data))
        if not chunk:
            break
        data += chunk

print(data.decode())
