package io.iotgw.gateway.spool;

/** A place in the spool as one long: the segment number in the high half, the offset in the low half. */
final class SpoolPosition {

    private SpoolPosition() {
    }

    static long of(long segment, long offset) {
        return (segment << 32) | offset;
    }

    static long segment(long position) {
        return position >>> 32;
    }

    static long offset(long position) {
        return position & 0xFFFF_FFFFL;
    }
}
