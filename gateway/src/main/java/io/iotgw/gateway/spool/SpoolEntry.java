package io.iotgw.gateway.spool;

/**
 * One device line in the spool.
 *
 * @param position        where it is in the spool; positions grow with every append
 * @param deviceId        the device that sent it
 * @param seq             the device's line counter, kept across restarts
 * @param receivedMillis  when the gateway received it (epoch milliseconds)
 * @param remote          the device's address as {@code ip:port}
 * @param payload         the line, without its newline
 */
public record SpoolEntry(long position, String deviceId, long seq, long receivedMillis, String remote, byte[] payload) {
}
