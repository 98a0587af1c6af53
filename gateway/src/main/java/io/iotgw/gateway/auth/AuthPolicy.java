package io.iotgw.gateway.auth;

/** How much a device must prove about its id (the table is in {@link DeviceAuthenticator}). */
public enum AuthPolicy {
    /** No credentials: a HELLO names the device, as without this feature; tokens are ignored. */
    OFF,
    /** Listed ids must be proven; an id the credentials do not list may still be used without a token. */
    OPTIONAL,
    /** Every connection proves its id, by a token or a client certificate, before anything else. */
    REQUIRED
}
