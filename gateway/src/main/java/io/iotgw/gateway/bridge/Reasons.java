package io.iotgw.gateway.bridge;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttException;

/** Why a broker connection failed or ended, in words an operator can act on. */
final class Reasons {

    private Reasons() {
    }

    /** No broker accepted; the message gives each one's reason. */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(List<String> failures) {
            super(String.join("; ", failures), null, false, false);
        }
    }

    static String of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Unreachable) {
                return c.getMessage();
            }
            if (c instanceof UnknownHostException) {
                return "host not found: " + c.getMessage();
            }
            if (c instanceof ConnectException) {
                return "connection refused (is the broker running, and on that port?)";
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to the host";
            }
            if (c instanceof SocketTimeoutException) {
                return "no answer in time";
            }
            if (c instanceof EOFException) {
                return "the broker closed the connection";
            }
            if (c instanceof SSLException) {
                return "TLS failed: " + c.getMessage();
            }
            if (c instanceof MqttException m && m.getCause() == null) {
                return switch (m.getReasonCode()) {
                    case MqttException.REASON_CODE_FAILED_AUTHENTICATION ->
                            "the broker refused the user name or password (mqtt-username, mqtt-password)";
                    case MqttException.REASON_CODE_NOT_AUTHORIZED -> "the broker does not authorize this gateway";
                    case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "the broker refused the client id iotgw-<gateway-id>";
                    case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "the broker is unavailable";
                    case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "no answer from the broker in time";
                    case MqttException.REASON_CODE_CONNECTION_LOST -> "connection lost";
                    default -> String.valueOf(m.getMessage());
                };
            }
        }
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
