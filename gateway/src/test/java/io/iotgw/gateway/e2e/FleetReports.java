package io.iotgw.gateway.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code report=<kind> key=value …} lines the fleet subcommand prints, read back. */
final class FleetReports {

    private FleetReports() {
    }

    /** The last report of that kind the fleet printed so far, as a map of its keys. */
    static Optional<Map<String, String>> last(GatewayProcess fleet, String report) {
        List<String> lines = fleet.output().stream().filter(l -> l.startsWith("report=" + report + " ")).toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : lines.get(lines.size() - 1).split(" ")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return Optional.of(values);
    }
}
