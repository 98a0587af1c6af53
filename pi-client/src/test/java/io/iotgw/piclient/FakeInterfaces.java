package io.iotgw.piclient;

import io.iotgw.piclient.link.InterfaceSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Interfaces a test brings up and down; their addresses are loopback ones, so connections really use them. */
public final class FakeInterfaces implements InterfaceSource {

    private final Map<String, Interface> interfaces = new ConcurrentHashMap<>();

    public FakeInterfaces with(String name, String address, boolean up) {
        try {
            interfaces.put(name, new Interface(name, up, List.of(InetAddress.getByName(address))));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    public FakeInterfaces withoutAddress(String name) {
        interfaces.put(name, new Interface(name, true, List.of()));
        return this;
    }

    public void set(String name, boolean up) {
        Interface i = interfaces.get(name);
        interfaces.put(name, new Interface(name, up, i.addresses()));
    }

    @Override
    public Optional<Interface> find(String name) {
        return Optional.ofNullable(interfaces.get(name));
    }
}
