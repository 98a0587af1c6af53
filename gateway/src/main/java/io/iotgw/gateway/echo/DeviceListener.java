package io.iotgw.gateway.echo;

import java.io.IOException;
import java.util.List;

/**
 * What a consumer of device messages (the MQTT bridge) hears from connections. Called on the
 * connection's event loop; {@link #onLines} runs before the lines' echo is sent.
 */
public interface DeviceListener {

    /**
     * Complete lines from one read, newline and CR removed. Must keep them safe before returning:
     * the echo, which tells the device they are taken, follows. The list is only valid during the call.
     *
     * @throws IOException when they cannot be kept; the connection is then closed without their echo
     */
    void onLines(DeviceSession device, List<byte[]> lines, long receivedMillis) throws IOException;

    /** The device's name is settled: it said HELLO, or its first line was something else. */
    void onNamed(DeviceSession device);

    /**
     * A named device's connection ended.
     *
     * @param replaced a newer connection with the same device id took over
     */
    void onGone(DeviceSession device, boolean replaced);
}
