package io.iotgw.gateway.auth;

/**
 * What {@link DeviceAuthenticator} decided about a connection's claim to a device id.
 *
 * @param outcome  accepted (proven or not) or why it was refused
 * @param deviceId the id the connection may use when accepted: the one claimed, or its certificate's
 */
public record Verdict(Outcome outcome, String deviceId) {

    public enum Outcome {
        /** The connection proved the id (a right token or a client certificate): it may take the id,
         *  replace an older connection with it and receive its downlinks. */
        PROVEN("proven"),
        /** Accepted without proof: the policy lets this id be used without one. */
        UNPROVEN("accepted without proof"),
        WRONG_TOKEN("wrong token"),
        MISSING_TOKEN("no token, and its id needs one"),
        UNLISTED("its id is not in the credentials file"),
        CERTIFICATE_MISMATCH("its client certificate names another device"),
        BLOCKED("its address failed too often lately"),
        HELD_BY_PROVEN("a connection that proved that id holds it"),
        BUSY("too many verifications waiting");

        private final String reason;

        Outcome(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public boolean accepted() {
        return outcome == Outcome.PROVEN || outcome == Outcome.UNPROVEN;
    }

    public boolean proven() {
        return outcome == Outcome.PROVEN;
    }
}
