"""The messages between a ``factcheck`` command and its server: each is one
frame, an 8-byte length and then the message in ``marshal`` format.

``marshal`` costs nothing to import, which matters on the command's side, and
its format, which may change between Python versions, is always shared: the
socket is named after the interpreter and the installation (see
``factcheck.server.address``), so both ends are the same program.  Only the
socket's owner can connect, so a message is never from a stranger.
"""

from __future__ import annotations

import marshal
import socket

_LENGTH_BYTES = 8


class ConnectionClosed(Exception):
    """The other end closed the connection before a whole message arrived."""


def send(connection: socket.socket, message: dict[str, object]) -> None:
    data = marshal.dumps(message)
    connection.sendall(len(data).to_bytes(_LENGTH_BYTES, "big"))
    connection.sendall(data)


def receive(connection: socket.socket) -> dict[str, object]:
    size = int.from_bytes(_exactly(connection, _LENGTH_BYTES), "big")
    message = marshal.loads(_exactly(connection, size))
    if not isinstance(message, dict):
        raise ConnectionClosed("not a message")
    return message


def _exactly(connection: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        count = connection.recv_into(view[received:])
        if count == 0:
            raise ConnectionClosed("connection closed mid-message")
        received += count
    return bytes(buffer)
