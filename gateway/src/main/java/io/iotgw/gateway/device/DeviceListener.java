package io.iotgw.gateway.device;

import java.io.IOException;
import java.util.List;

/**
 * What a consumer of device messages (the MQTT bridge) hears from connections, on the connection's
 * event loop. It must never wait there: lines are handed over and the answer comes later.
 */
public interface DeviceListener {

    /** The answer to {@link #onLines}, given on the connection's event loop. */
    interface Handover {
        /** The lines are safe: their echo goes out. */
        void taken();

        /** The lines could not be kept: no echo, so the device knows to send them again. */
        void refused(IOException cause);
    }

    /**
     * Complete lines from one read, newline and CR removed; the list is the listener's to keep.
     * The read's echo, which tells the device its lines are taken, and everything the connection
     * sends after it, wait until {@code done} is told.
     */
    void onLines(DeviceSession device, List<byte[]> lines, long receivedMillis, Handover done);

    /** The device's name is settled: it said HELLO, or its first line was something else. */
    void onNamed(DeviceSession device);

    /**
     * A named device's connection ended.
     *
     * @param replaced a newer connection with the same device id took over
     */
    void onGone(DeviceSession device, boolean replaced);
}
