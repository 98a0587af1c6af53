package io.iotgw.gateway.bridge;

/**
 * A message the gateway itself publishes (presence, its own status, and the like), as opposed to
 * device lines, which come from the spool. Such messages are states: a newer one for the same topic
 * replaces an older one that has not gone out yet.
 */
record Outgoing(String topic, byte[] payload, int qos, boolean retained) {
}
