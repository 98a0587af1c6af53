package io.iotgw.gateway.spool;

/**
 * How far the spool is done with: every line before {@code position} reached the broker (or was
 * dropped while the spool was full).
 *
 * @param position a spool position (see {@link SpoolPosition})
 * @param ordinal  how many of the lines this process knows lie before it
 */
record AckPoint(long position, long ordinal) {
}
