package io.iotgw.gateway.auth;

import io.iotgw.gateway.StartupException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the credentials file at start and again when it changes, and says what it found. A file
 * that cannot be read at start stops the gateway; one that does not exist yet lists no device (it
 * is read when it appears). A reload that fails keeps the devices read before: removing or
 * damaging the file never frees the ids it listed.
 */
final class CredentialsLoader {

    private static final Logger log = LoggerFactory.getLogger(CredentialsLoader.class);
    static final int PROBLEMS_LOGGED = 20;

    private CredentialsLoader() {
    }

    static Credentials atStart(Path file) throws StartupException {
        try {
            Credentials c = CredentialsFile.read(file);
            log.info("credentials {}: {} devices listed", file, c.size());
            logProblems(file, c.problems());
            return c;
        } catch (NoSuchFileException e) {
            log.warn("credentials {} does not exist yet: no device is listed; it is read when it appears "
                    + "('iot-gateway device add <id> --credentials {}')", file, file);
            return Credentials.empty();
        } catch (IOException e) {
            throw new StartupException("credentials " + file + " cannot be read: " + reason(e), e);
        }
    }

    /** On the watcher's thread, after the file changed. */
    static void reload(Path file, DeviceAuthenticator authenticator) {
        try {
            Credentials c = CredentialsFile.read(file);
            authenticator.replaceCredentials(c);
            log.info("credentials {} read again: {} devices listed", file, c.size());
            logProblems(file, c.problems());
        } catch (IOException e) {
            log.warn("credentials {} changed but cannot be read ({}): keeping the {} devices read before", file, reason(e),
                    authenticator.credentials().size());
        }
    }

    private static void logProblems(Path file, List<Credentials.Problem> problems) {
        for (int i = 0; i < Math.min(problems.size(), PROBLEMS_LOGGED); i++) {
            log.warn("credentials {}: {}", file, problems.get(i));
        }
        if (problems.size() > PROBLEMS_LOGGED) {
            log.warn("credentials {}: {} more damaged lines", file, problems.size() - PROBLEMS_LOGGED);
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return String.valueOf(e.getMessage());
    }
}
