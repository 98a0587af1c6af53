package io.iotgw.piclient.link;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The real interfaces, from the operating system. IPv4 addresses first, link-local ones left out. */
public final class SystemInterfaces implements InterfaceSource {

    @Override
    public Optional<Interface> find(String name) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                return Optional.empty();
            }
            List<InetAddress> addresses = Collections.list(nic.getInetAddresses()).stream()
                    .filter(a -> !a.isLinkLocalAddress())
                    .sorted(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1))
                    .toList();
            return Optional.of(new Interface(name, nic.isUp(), addresses));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
