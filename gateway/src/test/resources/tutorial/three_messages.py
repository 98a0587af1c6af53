# Three messages on one connection, each followed by one recv(1024), no newlines.
import socket
import sys

HOST, PORT, NAME = sys.argv[1], int(sys.argv[2]), sys.argv[3]

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    for message in (f"{NAME}: first", f"{NAME}: temp=21.5", f"{NAME}: last"):
        s.sendall(message.encode())
        data = s.recv(1024)
        print(f"Received {data.decode()}")
