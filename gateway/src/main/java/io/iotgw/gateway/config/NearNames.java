package io.iotgw.gateway.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The names a mistyped one was probably meant to be: those a letter or two away from it (added,
 * dropped, changed, or two neighbours swapped, as in {@code prot} for {@code port}).
 */
public final class NearNames {

    private NearNames() {
    }

    /** The names nearest to {@code given}, if any is near enough for its length; several only when equally near. */
    public static List<String> of(String given, Collection<String> names) {
        String typed = given.toLowerCase(Locale.ROOT);
        int allowed = typed.length() < 5 ? 1 : 2;
        int best = allowed;
        List<String> nearest = new ArrayList<>();
        for (String name : names) {
            int distance = distance(typed, name.toLowerCase(Locale.ROOT));
            if (distance < best) {
                best = distance;
                nearest.clear();
            }
            if (distance == best && !nearest.contains(name)) {
                nearest.add(name);
            }
        }
        return nearest;
    }

    /** Edits (insertion, deletion, substitution, swap of neighbours) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** "a", "a or b", "a, b or c": the way a question names them. */
    public static String joined(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
