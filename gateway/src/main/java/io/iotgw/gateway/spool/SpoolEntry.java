package io.iotgw.gateway.spool;

/**
 * One device line in the spool, as the publisher reads it.
 *
 * @param position        where its record starts; positions grow with every append
 * @param end             where its record ends: acknowledging up to here covers it
 * @param ordinal         its place among the lines this process has known (for counting the backlog)
 * @param deviceId        the device that sent it
 * @param seq             the device's line counter, kept across restarts
 * @param receivedMillis  when the gateway received it (epoch milliseconds)
 * @param remote          the device's address as {@code ip:port}
 * @param payload         the line, without its newline
 */
public record SpoolEntry(long position, long end, long ordinal, String deviceId, long seq, long receivedMillis,
                         String remote, byte[] payload) {
}
