package io.iotgw.gateway.auth;

import io.iotgw.gateway.device.Hello;
import io.iotgw.gateway.log.LogText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The devices a credentials file lists, each with its token's hash. Immutable.
 *
 * <p>Lines are {@code <device-id>:<hash>}; blank lines and lines starting with {@code #} are
 * skipped. Damage fails closed: a line whose id can be read but whose hash cannot (or an id listed
 * twice) keeps the id listed with no usable hash, so that id refuses every token rather than
 * becoming free to take; a line whose id cannot be read is skipped. Either way it is a
 * {@link Problem}, and the other lines are unaffected.
 */
public final class Credentials {

    /** What is wrong with one line; never quotes the hash. */
    public record Problem(int line, String deviceId, String reason) {
        @Override
        public String toString() {
            return "line " + line + (deviceId == null ? "" : " (" + deviceId + ")") + ": " + reason;
        }
    }

    private static final Credentials EMPTY = new Credentials(Map.of(), List.of());

    /** By id, in file order; an empty hash marks a damaged entry. */
    private final Map<String, Optional<TokenHash>> byId;
    private final List<Problem> problems;

    private Credentials(Map<String, Optional<TokenHash>> byId, List<Problem> problems) {
        this.byId = byId;
        this.problems = problems;
    }

    public static Credentials empty() {
        return EMPTY;
    }

    public static Credentials parse(List<String> lines) {
        Map<String, Optional<TokenHash>> byId = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String id = colon < 0 ? line : line.substring(0, colon);
            if (!Hello.DEVICE_ID.matcher(id).matches()) {
                problems.add(new Problem(i + 1, null, colon < 0 ? "not <device-id>:<hash>"
                        : "'" + LogText.escape(id, 64) + "' is not a device id (1-64 of A-Z a-z 0-9 _ . -)"));
                continue;
            }
            if (byId.containsKey(id)) {
                byId.put(id, Optional.empty());
                problems.add(new Problem(i + 1, id, "listed more than once: refused until only one line lists it"));
                continue;
            }
            try {
                byId.put(id, Optional.of(TokenHash.parse(colon < 0 ? "" : line.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                byId.put(id, Optional.empty());
                problems.add(new Problem(i + 1, id, e.getMessage() + ": refused until the line is fixed"));
            }
        }
        return new Credentials(Collections.unmodifiableMap(byId), List.copyOf(problems));
    }

    public boolean lists(String deviceId) {
        return byId.containsKey(deviceId);
    }

    /** The id's hash; empty when the id is not listed or its line is damaged. */
    public Optional<TokenHash> hashOf(String deviceId) {
        return byId.getOrDefault(deviceId, Optional.empty());
    }

    public Set<String> deviceIds() {
        return byId.keySet();
    }

    public int size() {
        return byId.size();
    }

    public List<Problem> problems() {
        return problems;
    }
}
