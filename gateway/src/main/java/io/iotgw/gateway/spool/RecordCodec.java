package io.iotgw.gateway.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a spool entry: {@code length:u32 crc32c:u32 body}, where body is
 * {@code idLength:u8 id remoteLength:u8 remote seq:i64 receivedMillis:i64 payload}. The checksum
 * covers the body, so a torn or corrupted record is recognised and never parsed as a line.
 */
final class RecordCodec {

    static final int HEADER_BYTES = 8;
    /** The largest body a valid record can have: the longest line plus its fields. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024 + 2 * 256 + 16;

    private RecordCodec() {
    }

    static int encodedLength(byte[] id, byte[] remote, int payloadLength) {
        return HEADER_BYTES + 2 + id.length + remote.length + 16 + payloadLength;
    }

    /** Writes one record at the buffer's position. */
    static void encode(ByteBuffer out, byte[] id, byte[] remote, long seq, long receivedMillis, byte[] payload) {
        int bodyLength = 2 + id.length + remote.length + 16 + payload.length;
        int start = out.position();
        out.putInt(bodyLength).putInt(0);
        int bodyStart = out.position();
        out.put((byte) id.length).put(id).put((byte) remote.length).put(remote)
                .putLong(seq).putLong(receivedMillis).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().position(bodyStart).limit(out.position()));
        out.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * The body length announced by a header, or -1 when the header cannot start a valid record.
     */
    static int bodyLength(ByteBuffer header) {
        int length = header.getInt(header.position());
        return length >= 18 && length <= MAX_BODY_BYTES ? length : -1;
    }

    /** Decodes a whole record (header and body), or returns null when its checksum fails. */
    static SpoolEntry decode(ByteBuffer record, long position) {
        int start = record.position();
        int bodyLength = record.getInt(start);
        int storedCrc = record.getInt(start + 4);
        ByteBuffer body = record.duplicate().position(start + HEADER_BYTES).limit(start + HEADER_BYTES + bodyLength);
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        if ((int) crc.getValue() != storedCrc) {
            return null;
        }
        try {
            String id = text(body, Byte.toUnsignedInt(body.get()));
            String remote = text(body, Byte.toUnsignedInt(body.get()));
            long seq = body.getLong();
            long received = body.getLong();
            byte[] payload = new byte[body.remaining()];
            body.get(payload);
            return new SpoolEntry(position, id, seq, received, remote, payload);
        } catch (RuntimeException e) { // a body whose fields do not add up: as corrupt as a bad checksum
            return null;
        }
    }

    private static String text(ByteBuffer body, int length) {
        byte[] bytes = new byte[length];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
