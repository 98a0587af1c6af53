package io.iotgw.gateway.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk form of the spool. A segment file starts with a header {@code "IGSPOOL2" sync:u32
 * crc32c:u32} (the checksum covers the eight magic bytes and the sync marker); records follow,
 * each {@code sync:u32 length:u32 crc32c:u32 body} with
 * {@code body = idLength:u8 id remoteLength:u8 remote seq:i64 receivedMillis:i64 payload}. The
 * checksum covers the length and the body, so a torn or damaged record is recognised and never
 * parsed as a line.
 *
 * <p>The sync marker is random per segment. After damage, a reader finds the next record by looking
 * for the marker and checking the checksum that follows; a device cannot forge a record inside its
 * own line, because it cannot know the marker.
 */
final class RecordFormat {

    static final byte[] MAGIC = "IGSPOOL2".getBytes(StandardCharsets.US_ASCII);
    static final int SEGMENT_HEADER_BYTES = MAGIC.length + 8;
    static final int RECORD_HEADER_BYTES = 12;
    /** Fixed part of a body: the two length bytes, seq and receivedMillis. */
    private static final int BODY_FIXED_BYTES = 2 + 16;
    /** The largest body a valid record can have: the longest line plus its fields. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024 + 2 * 255 + BODY_FIXED_BYTES;

    private RecordFormat() {
    }

    static int encodedLength(byte[] id, byte[] remote, int payloadLength) {
        return RECORD_HEADER_BYTES + BODY_FIXED_BYTES + id.length + remote.length + payloadLength;
    }

    static void writeSegmentHeader(ByteBuffer out, int sync) {
        int start = out.position();
        out.put(MAGIC).putInt(sync);
        out.putInt(crc(out, start, MAGIC.length + 4));
    }

    /** The sync marker a segment header at the buffer's position holds, or null when the header is damaged. */
    static Integer readSegmentHeader(ByteBuffer in) {
        int start = in.position();
        if (in.remaining() < SEGMENT_HEADER_BYTES) {
            return null;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (in.get(start + i) != MAGIC[i]) {
                return null;
            }
        }
        int sync = in.getInt(start + MAGIC.length);
        return crc(in, start, MAGIC.length + 4) == in.getInt(start + MAGIC.length + 4) ? sync : null;
    }

    /** Writes one record at the buffer's position. */
    static void encode(ByteBuffer out, int sync, byte[] id, byte[] remote, long seq, long receivedMillis, byte[] payload) {
        int start = out.position();
        int bodyLength = BODY_FIXED_BYTES + id.length + remote.length + payload.length;
        out.putInt(sync).putInt(bodyLength).putInt(0);
        out.put((byte) id.length).put(id).put((byte) remote.length).put(remote)
                .putLong(seq).putLong(receivedMillis).put(payload);
        out.putInt(start + 8, recordCrc(out, start, bodyLength));
    }

    /**
     * The whole length (header and body) of the record whose header starts at {@code at}, judged by
     * the header alone, or -1 when no valid record can start there.
     */
    static int recordLength(ByteBuffer in, int at, int sync) {
        if (in.getInt(at) != sync) {
            return -1;
        }
        int bodyLength = in.getInt(at + 4);
        if (bodyLength < BODY_FIXED_BYTES || bodyLength > MAX_BODY_BYTES) {
            return -1;
        }
        return RECORD_HEADER_BYTES + bodyLength;
    }

    /**
     * Decodes the whole record at {@code at} ({@link #recordLength} bytes available), or returns
     * null when its checksum or fields do not add up.
     */
    static SpoolEntry decode(ByteBuffer in, int at, long position, long ordinal) {
        int bodyLength = in.getInt(at + 4);
        if (recordCrc(in, at, bodyLength) != in.getInt(at + 8)) {
            return null;
        }
        int p = at + RECORD_HEADER_BYTES;
        int end = p + bodyLength;
        int idLength = Byte.toUnsignedInt(in.get(p++));
        if (p + idLength + 1 > end) {
            return null;
        }
        String id = text(in, p, idLength);
        p += idLength;
        int remoteLength = Byte.toUnsignedInt(in.get(p++));
        if (p + remoteLength + 16 > end) {
            return null;
        }
        String remote = text(in, p, remoteLength);
        p += remoteLength;
        long seq = in.getLong(p);
        long received = in.getLong(p + 8);
        p += 16;
        byte[] payload = new byte[end - p];
        in.get(p, payload);
        return new SpoolEntry(position, position + RECORD_HEADER_BYTES + bodyLength, ordinal, id, seq, received,
                remote, payload);
    }

    /** The checksum of a record's length field and body (not of its marker, nor of the checksum itself). */
    private static int recordCrc(ByteBuffer in, int at, int bodyLength) {
        CRC32C crc = new CRC32C();
        crc.update(in.duplicate().limit(at + 8).position(at + 4));
        crc.update(in.duplicate().limit(at + RECORD_HEADER_BYTES + bodyLength).position(at + RECORD_HEADER_BYTES));
        return (int) crc.getValue();
    }

    private static int crc(ByteBuffer in, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(in.duplicate().limit(from + length).position(from));
        return (int) crc.getValue();
    }

    private static String text(ByteBuffer in, int at, int length) {
        byte[] bytes = new byte[length];
        in.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
