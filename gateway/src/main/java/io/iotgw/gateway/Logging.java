package io.iotgw.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The one place that changes log levels at run time (for --debug). */
final class Logging {

    private Logging() {
    }

    static void enableDebug() {
        ((Logger) LoggerFactory.getLogger("io.iotgw")).setLevel(Level.DEBUG);
    }
}
