# The tutorial's interactive client: sends each line typed until "bye", prints each answer.
import socket
import sys

HOST, PORT = sys.argv[1], int(sys.argv[2])

client = socket.socket()
client.connect((HOST, PORT))
message = input(" -> ")
while message.lower().strip() != "bye":
    client.send(message.encode())
    data = client.recv(1024).decode()
    print("Received from server: " + data)
    message = input(" -> ")
client.close()
