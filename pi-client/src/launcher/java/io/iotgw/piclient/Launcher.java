package io.iotgw.piclient;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 8 so that any older Java can run it: on a Java before
 * 21 it says in one line that Java 21 is needed (Pi4J 3 requires it) instead of failing with
 * UnsupportedClassVersionError; on 21 or newer it hands over to {@code PiClient}.
 */
public final class Launcher {

    static final int NEEDED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int feature = feature(System.getProperty("java.specification.version", "0"));
        if (feature < NEEDED) {
            System.err.println("pi-client: needs Java " + NEEDED + " or newer, this is Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.home") + "): install one "
                    + "(e.g. apt install openjdk-21-jre-headless) and run the jar with its java");
            System.exit(1);
        }
        try {
            Class.forName("io.iotgw.piclient.PiClient").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** "1.8" is Java 8, "17" is Java 17. */
    static int feature(String specificationVersion) {
        String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
