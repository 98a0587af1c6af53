package io.iotgw.gateway.auth;

import io.iotgw.gateway.device.Hello;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code device add|remove|list}: manages the credentials file as {@code mosquitto_passwd} manages
 * Mosquitto's. A token is made here and printed once; it is never taken from the command line (where
 * {@code ps} would show it), never logged, and only its hash is kept.
 */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"Manage the devices allowed to prove their id with a token (HELLO <device-id> <token>). "
                + "The credentials file keeps a salted hash of each token, never the token itself; a running gateway "
                + "reads it again within seconds of a change."},
        subcommands = {DeviceCommand.Add.class, DeviceCommand.Remove.class, DeviceCommand.List.class})
public final class DeviceCommand implements Callable<Integer> {

    static final String CREDENTIALS_ENV = "IOTGW_CREDENTIALS";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The file option every action takes. */
    abstract static class Action implements Callable<Integer> {

        @Option(names = "--credentials", paramLabel = "FILE", defaultValue = "${env:" + CREDENTIALS_ENV + "}",
                description = "The credentials file (the gateway's --credentials). Default: $" + CREDENTIALS_ENV + ".")
        Path credentials;

        @Spec
        CommandSpec spec;

        Path file() {
            if (credentials == null) {
                throw new IllegalArgumentException("which credentials file? Give --credentials FILE or set " + CREDENTIALS_ENV);
            }
            return credentials;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        static String validId(String id) {
            if (!Hello.DEVICE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("device id '" + id.replaceAll("\\p{Cntrl}", "?")
                        + "' must be 1 to 64 of the characters A-Z a-z 0-9 _ . -");
            }
            return id;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"List a device with a new random token and print the token, this once, on standard output. "
                    + "Put it in the device (the firmware's secrets.h, the Pi client's --token-file)."})
    static final class Add extends Action {

        @Parameters(paramLabel = "DEVICE-ID", description = "1 to 64 of A-Z a-z 0-9 _ . -")
        String deviceId;

        @Option(names = "--replace", description = "Give a device already listed a new token (its old one stops working).")
        boolean replace;

        @Override
        public Integer call() {
            String id = validId(deviceId);
            Path file = file();
            SecureRandom random = new SecureRandom();
            String token = Tokens.newToken(random);
            try {
                CredentialsFile.add(file, id, TokenHash.of(token, random), replace);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot change credentials " + file + ": " + CredentialsLoader.reason(e));
            }
            out().println(token);
            out().flush();
            err().println("device " + id + (replace ? " has a new token in " : " added to ") + file
                    + ": its token is shown above, this once; the device says HELLO " + id + " <token>");
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a device: its token stops working as soon as the gateway reads the file again.")
    static final class Remove extends Action {

        @Parameters(paramLabel = "DEVICE-ID")
        String deviceId;

        @Override
        public Integer call() {
            String id = validId(deviceId);
            Path file = file();
            boolean removed;
            try {
                removed = CredentialsFile.remove(file, id);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("credentials " + file + " does not exist");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot change credentials " + file + ": " + CredentialsLoader.reason(e));
            }
            if (!removed) {
                throw new IllegalArgumentException("device " + id + " is not listed in " + file);
            }
            err().println("device " + id + " removed from " + file);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the ids listed, one a line (never a token or a hash); damaged lines go to standard error.")
    static final class List extends Action {

        @Override
        public Integer call() {
            Path file = file();
            Credentials credentials;
            try {
                credentials = CredentialsFile.read(file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("credentials " + file + " does not exist (no device added yet)");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read credentials " + file + ": " + CredentialsLoader.reason(e));
            }
            credentials.deviceIds().forEach(out()::println);
            out().flush();
            credentials.problems().forEach(p -> err().println(file + ": " + p));
            return credentials.problems().isEmpty() ? 0 : 1;
        }
    }
}
