package io.iotgw.gateway.bridge;

/** The MQTT topic layout: {@code <prefix>/<gateway>/<device>/up|status|down} and {@code <prefix>/<gateway>/status}. */
record Topics(String prefix, String gatewayId) {

    String up(String deviceId) {
        return base() + deviceId + "/up";
    }

    String deviceStatus(String deviceId) {
        return base() + deviceId + "/status";
    }

    String downFilter() {
        return base() + "+/down";
    }

    String gatewayStatus() {
        return prefix + "/" + gatewayId + "/status";
    }

    /** The gateway's counters, retained, as Mosquitto's {@code $SYS} topics are. */
    String gatewayStats() {
        return prefix + "/" + gatewayId + "/stats";
    }

    /** The device a downlink topic names, or null when the topic is not one of ours. */
    String deviceOfDownlink(String topic) {
        String base = base();
        if (!topic.startsWith(base) || !topic.endsWith("/down")) {
            return null;
        }
        String device = topic.substring(base.length(), topic.length() - "/down".length());
        return device.isEmpty() || device.contains("/") ? null : device;
    }

    private String base() {
        return prefix + "/" + gatewayId + "/";
    }
}
