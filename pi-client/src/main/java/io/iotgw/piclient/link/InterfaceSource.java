package io.iotgw.piclient.link;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** The machine's network interfaces as the client sees them; tests give a fake one. */
public interface InterfaceSource {

    /** One interface now: is it up, and its usable addresses. */
    record Interface(String name, boolean up, List<InetAddress> addresses) {
        public Interface {
            addresses = List.copyOf(addresses);
        }
    }

    /** The interface of that name as it is now, if it exists. */
    Optional<Interface> find(String name);
}
