package io.iotgw.gateway.bridge;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The gateway's own messages (presence, its status, ...) waiting for room in the window, oldest
 * first. They are states: a newer message for a topic replaces the one waiting, in its place, so a
 * device that comes and goes while the broker is slow costs one message, its latest state; the
 * queue never holds more than one message per topic. Publisher thread.
 */
final class ControlQueue {

    private final LinkedHashMap<String, Outgoing> waiting = new LinkedHashMap<>();

    void offer(Outgoing message) {
        waiting.put(message.topic(), message);
    }

    /** Puts back a message the client gave up on, unless a newer one for its topic waits. */
    void offerAgain(Outgoing message) {
        waiting.putIfAbsent(message.topic(), message);
    }

    Outgoing poll() {
        Iterator<Outgoing> it = waiting.values().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Outgoing first = it.next();
        it.remove();
        return first;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }
}
