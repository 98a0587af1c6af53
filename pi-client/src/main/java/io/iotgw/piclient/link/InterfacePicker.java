package io.iotgw.piclient.link;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Picks the interface to talk to the gateway over: the first in the preference list (e.g.
 * {@code eth0,wlan0}) that is up and has an address. An empty list means "let the OS route it".
 */
public final class InterfacePicker {

    /** The interface in use and the local address to bind to. */
    public record Choice(String name, InetAddress address) {
    }

    private final InterfaceSource source;
    private final List<String> preference;

    public InterfacePicker(InterfaceSource source, List<String> preference) {
        this.source = source;
        this.preference = List.copyOf(preference);
    }

    public List<String> preference() {
        return preference;
    }

    /** The best interface now; empty when none in the list is usable (or there is no list). */
    public Optional<Choice> pick() {
        for (String name : preference) {
            Optional<InterfaceSource.Interface> nic = source.find(name);
            if (nic.isPresent() && nic.get().up() && !nic.get().addresses().isEmpty()) {
                return Optional.of(new Choice(name, nic.get().addresses().get(0)));
            }
        }
        return Optional.empty();
    }

    /** The names in the list this machine does not have at all (a typo, most likely). */
    public List<String> unknown() {
        return preference.stream().filter(n -> source.find(n).isEmpty()).toList();
    }
}
