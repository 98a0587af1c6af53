package io.iotgw.gateway;

/** The gateway could not start for a reason the user can fix; the message says which, in one line. */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
