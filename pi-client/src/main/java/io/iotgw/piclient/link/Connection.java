package io.iotgw.piclient.link;

import java.io.IOException;

/** One connection to a gateway, as the link uses it; tests script it. Used by one thread (the link's). */
public interface Connection extends AutoCloseable {

    /** Writes the line and a newline. */
    void write(String line) throws IOException;

    /**
     * Reads what has arrived, waiting at most {@code waitMillis} for something to.
     *
     * @return bytes read; 0 when nothing came in time; -1 when the gateway closed the connection
     */
    int read(byte[] buf, int waitMillis) throws IOException;

    @Override
    void close();
}
